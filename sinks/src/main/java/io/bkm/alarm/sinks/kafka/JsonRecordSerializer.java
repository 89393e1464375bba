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
    private final SerializableFunction<T, byte[]> value;
    private final boolean elementTimes;

    public JsonRecordSerializer(String topic, SerializableFunction<T, String> key) {
        this(topic, key, Json::writeBytes);
    }

    /**
     * @param value the record's JSON, for elements that carry theirs already rendered
     */
    public JsonRecordSerializer(
            String topic,
            SerializableFunction<T, String> key,
            SerializableFunction<T, byte[]> value) {
        this(topic, key, value, true);
    }

    /**
     * @param elementTimes whether a record takes its element's time; otherwise the time it is sent
     */
    public JsonRecordSerializer(
            String topic,
            SerializableFunction<T, String> key,
            SerializableFunction<T, byte[]> value,
            boolean elementTimes) {
        this.topic = topic;
        this.key = key;
        this.value = value;
        this.elementTimes = elementTimes;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            T element, KafkaSinkContext context, Long timestamp) {
        String k = key == null ? null : key.apply(element);
        return new ProducerRecord<>(
                topic,
                null,
                elementTimes ? recordTime(timestamp) : null,
                k == null ? null : k.getBytes(StandardCharsets.UTF_8),
                value.apply(element));
    }

    /**
     * What a timer at the end of a bounded input releases carries the end of time as its timestamp,
     * which the broker refuses; such a record takes the time it is sent.
     */
    static Long recordTime(Long timestamp) {
        return timestamp == null || timestamp == Long.MAX_VALUE ? null : timestamp;
    }
}
