package io.bkm.alarm.model;

/**
 * An input that could not be used, with the reason and the raw payload (contract §2, {@code
 * bkm_dead_letter}). {@code reason} is a short stable code that metrics count by; {@code detail}
 * says what exactly was wrong.
 */
public class DeadLetter {
    public String reason;
    public String detail;
    public String sourceTopic;
    public int partition;
    public long offset;

    /** Epoch seconds of the source record's timestamp. */
    public long receivedAt;

    /** The raw text; bytes that are not UTF-8 are replaced, the original size is kept below. */
    public String payload;

    public int payloadBytes;

    public DeadLetter() {}

    public static DeadLetter of(RawMessage raw, String reason, String detail) {
        DeadLetter d = new DeadLetter();
        d.reason = reason;
        d.detail = detail;
        d.sourceTopic = raw.topic;
        d.partition = raw.partition;
        d.offset = raw.offset;
        d.receivedAt = Math.floorDiv(raw.timestamp, 1000L);
        byte[] v = raw.value == null ? new byte[0] : raw.value;
        d.payload = new String(v, java.nio.charset.StandardCharsets.UTF_8);
        d.payloadBytes = v.length;
        return d;
    }
}
