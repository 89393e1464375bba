package io.bkm.alarm.sinks.kafka;

import io.bkm.alarm.common.Json;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

/** A record as UTF-8 JSON on one topic, keyed as the contract says (or not at all). */
public class JsonRecordSerializer<T> implements KafkaRecordSerializationSchema<T> {
    private final String topic;
    private final SerializableFunction<T, String> key;

    public JsonRecordSerializer(String topic, SerializableFunction<T, String> key) {
        this.topic = topic;
        this.key = key;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            T element, KafkaSinkContext context, Long timestamp) {
        String k = key == null ? null : key.apply(element);
        return new ProducerRecord<>(
                topic,
                null,
                recordTime(timestamp),
                k == null ? null : k.getBytes(StandardCharsets.UTF_8),
                Json.writeBytes(element));
    }

    /**
     * What a timer at the end of a bounded input releases carries the end of time as its timestamp,
     * which the broker refuses; such a record takes the time it is sent.
     */
    static Long recordTime(Long timestamp) {
        return timestamp == null || timestamp == Long.MAX_VALUE ? null : timestamp;
    }
}
