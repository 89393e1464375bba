package io.bkm.alarm.job.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The benchmark's Kafka clients: a fast producer and a reader of committed records. */
public final class BenchKafka {
    private final String bootstrap;

    public BenchKafka(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    /** A producer for loads: batched, waiting for every replica. */
    KafkaProducer<String, String> producer(int lingerMs) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("acks", "all");
        p.put("linger.ms", Integer.toString(lingerMs));
        p.put("batch.size", Integer.toString(256 * 1024));
        p.put("compression.type", "lz4");
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    static ProducerRecord<String, String> record(
            String topic, Integer partition, String key, String value) {
        return new ProducerRecord<>(topic, partition, key, value);
    }

    KafkaConsumer<byte[], byte[]> committedReader() {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("isolation.level", "read_committed");
        p.put("enable.auto.commit", "false");
        p.put("max.poll.records", "5000");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** The topic's partitions, assigned to the reader, at their start. */
    static List<TopicPartition> assignAll(KafkaConsumer<?, ?> c, String topic) {
        List<TopicPartition> parts = new ArrayList<>();
        c.partitionsFor(topic).forEach(p -> parts.add(new TopicPartition(topic, p.partition())));
        c.assign(parts);
        return parts;
    }

    /** Every committed record of {@code topic} up to its end now. */
    void readAll(String topic, Consumer<ConsumerRecord<byte[], byte[]>> each) {
        try (KafkaConsumer<byte[], byte[]> c = committedReader()) {
            List<TopicPartition> parts = assignAll(c, topic);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                c.poll(Duration.ofMillis(500)).forEach(each);
            }
        }
    }
}
