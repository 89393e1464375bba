package io.bkm.alarm.job.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.bkm.alarm.common.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Creating, filling and reading topics of the test broker. */
public final class KafkaTopics {
    private final String bootstrap;
    private final Map<String, String> login;

    public KafkaTopics(String bootstrap) {
        this(bootstrap, Map.of());
    }

    /**
     * @param login client properties of a listener that wants a login
     */
    public KafkaTopics(String bootstrap, Map<String, String> login) {
        this.bootstrap = bootstrap;
        this.login = Map.copyOf(login);
    }

    private Properties client() {
        Properties p = new Properties();
        p.putAll(login);
        p.put("bootstrap.servers", bootstrap);
        return p;
    }

    /** Creates the topic if missing and returns once every partition has a leader. */
    public void create(String topic, int partitions) throws Exception {
        try (AdminClient admin = AdminClient.create(client())) {
            try {
                admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            // Producing before leaders are elected can wedge an idempotent producer
            // (NOT_LEADER, then OUT_OF_ORDER_SEQUENCE_NUMBER retried forever).
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) {
                try {
                    var d = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
                    if (!d.partitions().isEmpty()
                            && d.partitions().stream()
                                    .allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                        return;
                    }
                } catch (ExecutionException notYet) {
                    // metadata not there yet
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "topic " + topic + " has no leaders after 30 s");
                }
                Thread.sleep(100);
            }
        }
    }

    /** One record: key, value and record timestamp (ms); null key and value are allowed. */
    public record Message(String key, byte[] value, long timestamp) {
        public static Message of(String key, String value, long timestamp) {
            return new Message(
                    key, value == null ? null : value.getBytes(StandardCharsets.UTF_8), timestamp);
        }
    }

    public void produce(String topic, List<Message> messages) {
        produce(messages.stream().map(m -> record(topic, m)).toList(), Map.of());
    }

    /**
     * Writes the records and returns once each is acknowledged, or fails with the first that is
     * not: a test whose input silently lacks records fails far from the cause.
     *
     * @param settings producer properties on top of these (compression, batching)
     */
    public void produce(
            List<ProducerRecord<byte[], byte[]>> records, Map<String, String> settings) {
        Properties p = client();
        p.put("acks", "all");
        // Not idempotent: right after a topic is created the broker may still answer NOT_LEADER for
        // a partition, after which an idempotent producer can wedge on
        // OUT_OF_ORDER_SEQUENCE_NUMBER.
        // One request in flight keeps the order; a NOT_LEADER reply means nothing was written.
        p.put("enable.idempotence", "false");
        p.put("max.in.flight.requests.per.connection", "1");
        p.put("retries", "2147483647");
        p.put("retry.backoff.ms", "100");
        // fail a test rather than retry forever
        p.put("delivery.timeout.ms", "120000");
        p.putAll(settings);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>(records.size());
            for (ProducerRecord<byte[], byte[]> r : records) {
                sent.add(producer.send(r));
            }
            producer.flush();
            for (int i = 0; i < sent.size(); i++) {
                try {
                    sent.get(i).get();
                } catch (Exception e) {
                    throw new IllegalStateException(
                            "could not produce to " + records.get(i).topic(), e);
                }
            }
        }
    }

    /**
     * Writes the messages in one committed transaction: the partition then ends in a commit marker,
     * an offset no consumer is given.
     */
    public void produceInTransaction(String topic, List<Message> messages) {
        Properties p = client();
        p.put("transactional.id", "kafka-topics-" + topic);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (Message m : messages) {
                producer.send(record(topic, m));
            }
            producer.commitTransaction();
        }
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, Message m) {
        byte[] key = m.key() == null ? null : m.key().getBytes(StandardCharsets.UTF_8);
        return new ProducerRecord<>(topic, null, m.timestamp(), key, m.value());
    }

    /** A record as a read_committed consumer sees it. */
    public record Received(String key, String value, int partition, long offset) {
        /** The value as JSON; every output of the job is. */
        public JsonNode json() {
            try {
                return Json.MAPPER.readTree(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The committed records of the topic once there are at least {@code count} (a job runs). */
    public List<Received> awaitCommitted(String topic, int count, Duration patience)
            throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            List<Received> out = readCommitted(topic);
            if (out.size() >= count) {
                return out;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        topic + " holds " + out.size() + " of " + count + " after " + patience);
            }
            Thread.sleep(500);
        }
    }

    /**
     * Whether a transaction holds records in the topic that it has neither committed nor aborted: a
     * read_committed reader's end lags the log's end.
     */
    public boolean hasOpenTransaction(String topic) {
        Properties p = client();
        p.put("isolation.level", "read_uncommitted");
        Properties q = client();
        q.put("isolation.level", "read_committed");
        try (KafkaConsumer<byte[], byte[]> all =
                        new KafkaConsumer<>(
                                p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
                KafkaConsumer<byte[], byte[]> committed =
                        new KafkaConsumer<>(
                                q, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts =
                    all.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                            .map(i -> new TopicPartition(topic, i.partition()))
                            .toList();
            return !committed.endOffsets(parts).equals(all.endOffsets(parts));
        }
    }

    /** Every committed record of the topic, up to the end offsets at the time of the call. */
    public List<Received> readCommitted(String topic) {
        Properties p = client();
        p.put("isolation.level", "read_committed");
        p.put("enable.auto.commit", "false");
        List<Received> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts =
                    c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                            .map(i -> new TopicPartition(topic, i.partition()))
                            .toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = settledEndOffsets(c, parts);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!caughtUp(c, end, Set.copyOf(parts))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end");
                }
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    out.add(
                            new Received(
                                    r.key() == null
                                            ? null
                                            : new String(r.key(), StandardCharsets.UTF_8),
                                    r.value() == null
                                            ? null
                                            : new String(r.value(), StandardCharsets.UTF_8),
                                    r.partition(),
                                    r.offset()));
                }
            }
        }
        return out;
    }

    /**
     * The committed end offsets once no transaction is open. A producer's commit returns before the
     * coordinator has written its markers to the partitions, so right after a job ends the last
     * stable offset can still lag the log end and a read would miss committed records. A
     * transaction still open after 30 s (a cancelled job's, until its timeout) is left unread.
     */
    private Map<TopicPartition, Long> settledEndOffsets(
            KafkaConsumer<byte[], byte[]> committed, List<TopicPartition> parts) {
        Properties p = client();
        p.put("isolation.level", "read_uncommitted");
        try (KafkaConsumer<byte[], byte[]> all =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) {
                Map<TopicPartition, Long> stable = new HashMap<>(committed.endOffsets(parts));
                if (stable.equals(all.endOffsets(parts)) || System.nanoTime() > deadline) {
                    return stable;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private static boolean caughtUp(
            KafkaConsumer<byte[], byte[]> c,
            Map<TopicPartition, Long> end,
            Set<TopicPartition> parts) {
        for (TopicPartition tp : parts) {
            // the position passes transaction markers too, so it reaches the end offset exactly
            if (c.position(tp) < end.get(tp)) {
                return false;
            }
        }
        return true;
    }
}
