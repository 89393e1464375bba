package io.bkm.alarm.model;

/** One input record exactly as it came off Kafka, with where it came from. */
public class RawMessage {
    public String topic;
    public int partition;
    public long offset;

    /** Kafka record timestamp (ms); the job's notion of "received", stable under replay. */
    public long timestamp;

    /**
     * The record key as text (config records are keyed {@code strategy:{id}} etc.); may be null.
     */
    public String key;

    /** Null for a tombstone. */
    public byte[] value;

    public RawMessage() {}

    public RawMessage(String topic, int partition, long offset, long timestamp, byte[] value) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.timestamp = timestamp;
        this.value = value;
    }
}
