package io.bkm.alarm.model;

import io.bkm.alarm.common.Json;
import java.nio.charset.StandardCharsets;

/**
 * An input that could not be used, with the reason and the raw payload (contract §2, {@code
 * bkm_dead_letter}). {@code reason} is a short stable code that metrics count by; {@code detail}
 * says what exactly was wrong.
 */
public class DeadLetter {
    /**
     * The largest dead letter, as JSON: under the 1 MiB that a Kafka producer sends and a broker
     * takes by default. The payload of an input near that size, escaped, is up to six times larger;
     * a record Kafka refuses would fail the job on every replay of its input.
     */
    public static final int MAX_JSON_BYTES = 1_000_000;

    public String reason;
    public String detail;
    public String sourceTopic;
    public int partition;
    public long offset;

    /** Epoch seconds of the source record's timestamp. */
    public long receivedAt;

    /**
     * The raw text; bytes that are not UTF-8 are replaced, the original size is kept below. Cut to
     * fit {@link #MAX_JSON_BYTES} if need be: then the source topic, partition and offset hold it.
     */
    public String payload;

    public int payloadBytes;

    /** True when {@code payload} is only the start of it; absent otherwise. */
    public Boolean payloadTruncated;

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
        d.payload = new String(v, StandardCharsets.UTF_8);
        d.payloadBytes = v.length;
        d.fitPayload();
        return d;
    }

    /** Cuts the payload until the whole letter fits {@link #MAX_JSON_BYTES} as JSON. */
    private void fitPayload() {
        // an escaped char takes at most six bytes: most letters need no measuring
        int fixed = 1024 + (detail == null ? 0 : 6 * detail.length());
        if (fixed + 6L * payload.length() <= MAX_JSON_BYTES) {
            return;
        }
        int size = Json.writeBytes(this).length;
        while (size > MAX_JSON_BYTES) {
            int keep = (int) ((long) payload.length() * (MAX_JSON_BYTES - fixed) / size);
            if (keep > 0 && Character.isHighSurrogate(payload.charAt(keep - 1))) {
                keep--;
            }
            payload = payload.substring(0, keep);
            payloadTruncated = true;
            size = Json.writeBytes(this).length;
        }
    }
}
