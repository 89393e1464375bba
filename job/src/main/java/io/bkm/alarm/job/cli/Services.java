package io.bkm.alarm.job.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.job.config.JobSettings;
import io.bkm.alarm.sinks.es.ElasticsearchHttp;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The job's Kafka topics and Elasticsearch indices as the tool reads and writes them. */
final class Services {
    private static final Duration KAFKA_PATIENCE = Duration.ofSeconds(15);

    final JobSettings settings;
    private ElasticsearchHttp es;

    Services(JobSettings settings) {
        this.settings = settings;
    }

    /** Hits of a search over the daily indices of {@code indexBase}, as their sources. */
    List<JsonNode> search(String indexBase, String body) throws CliException {
        if (es == null) {
            es =
                    new ElasticsearchHttp(
                            settings.elasticsearch().connection(), Duration.ofSeconds(10));
        }
        String path = "/" + indexBase + "_*/_search?allow_no_indices=true&ignore_unavailable=true";
        JsonNode answer =
                call(es, String.join(",", settings.elasticsearch().hosts()), "POST", path, body);
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode h : answer.path("hits").path("hits")) {
            out.add(h.path("_source"));
        }
        return out;
    }

    /**
     * One request to the Elasticsearch at {@code where}: its JSON answer, or a message a person can
     * act on.
     */
    static JsonNode call(
            ElasticsearchHttp es, String where, String method, String path, String body)
            throws CliException {
        HttpResponse<String> r;
        try {
            r = es.send(method, path, body, "application/json");
        } catch (IOException e) {
            throw new CliException(
                    "Elasticsearch at "
                            + where
                            + " is unreachable: "
                            + (e.getMessage() == null
                                    ? e.getClass().getSimpleName()
                                    : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
        if (r.statusCode() != 200) {
            throw new CliException("Elasticsearch answered " + r.statusCode() + ": " + r.body());
        }
        try {
            return Json.MAPPER.readTree(r.body());
        } catch (IOException e) {
            throw new CliException("Elasticsearch answered what is not JSON: " + e.getMessage());
        }
    }

    /** Writes one record (a null value is a tombstone) and waits until the broker has it. */
    void send(String topic, String key, String value) throws CliException {
        Properties p = clientProperties();
        p.put("acks", "all");
        p.put("max.block.ms", Long.toString(KAFKA_PATIENCE.toMillis()));
        p.put("delivery.timeout.ms", Long.toString(KAFKA_PATIENCE.toMillis()));
        p.put("request.timeout.ms", Long.toString(KAFKA_PATIENCE.toMillis() - 1000));
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value))
                    .get(KAFKA_PATIENCE.toMillis() + 5000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException | org.apache.kafka.common.KafkaException e) {
            throw kafkaUnreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }

    /** Every committed record of {@code topic} from {@code sinceMs} (0: the start) to its end. */
    List<ConsumerRecord<byte[], byte[]>> read(String topic, long sinceMs) throws CliException {
        Properties p = clientProperties();
        p.put("isolation.level", "read_committed");
        p.put("enable.auto.commit", "false");
        p.put("default.api.timeout.ms", Long.toString(KAFKA_PATIENCE.toMillis()));
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (PartitionInfo pi : c.partitionsFor(topic, KAFKA_PATIENCE)) {
                parts.add(new TopicPartition(topic, pi.partition()));
            }
            c.assign(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts, KAFKA_PATIENCE);
            Map<TopicPartition, Long> times = new HashMap<>();
            parts.forEach(tp -> times.put(tp, sinceMs));
            Map<TopicPartition, OffsetAndTimestamp> start =
                    c.offsetsForTimes(times, KAFKA_PATIENCE);
            for (TopicPartition tp : parts) {
                OffsetAndTimestamp o = start.get(tp);
                c.seek(tp, o == null ? end.get(tp) : o.offset());
            }
            long deadline = System.nanoTime() + KAFKA_PATIENCE.toNanos();
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new CliException(
                            "reading "
                                    + topic
                                    + " took longer than "
                                    + KAFKA_PATIENCE.toSeconds()
                                    + " s");
                }
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    out.add(r);
                }
            }
        } catch (org.apache.kafka.common.KafkaException e) {
            throw kafkaUnreachable(e);
        }
        return out;
    }

    static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    private Properties clientProperties() {
        Properties p = new Properties();
        p.putAll(settings.kafka().security().clientProperties());
        p.put("bootstrap.servers", settings.kafka().bootstrapServers());
        return p;
    }

    private CliException kafkaUnreachable(Exception e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        return new CliException(
                "Kafka at "
                        + settings.kafka().bootstrapServers()
                        + " is unreachable: "
                        + cause.getMessage());
    }
}
