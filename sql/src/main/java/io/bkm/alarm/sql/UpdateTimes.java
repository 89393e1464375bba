package io.bkm.alarm.sql;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.bkm.alarm.model.RawMessage;
import java.io.IOException;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;

/**
 * An alert version's event time, its {@code update_time}, read from the raw record at the source,
 * so that each partition's watermark follows its own versions. Only that field is read; a record
 * without a usable one (a dead letter once parsed) gets the smallest time and moves no watermark.
 */
final class UpdateTimes implements SerializableTimestampAssigner<RawMessage> {
    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public long extractTimestamp(RawMessage raw, long recordTimestamp) {
        Long seconds = raw.value == null ? null : updateTime(raw.value);
        return seconds == null ? Long.MIN_VALUE : seconds * 1000;
    }

    /** The top-level {@code update_time} as {@code AlertVersionRows} reads it, or null. */
    static Long updateTime(byte[] json) {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (!name.equals("update_time")) {
                    p.skipChildren();
                    continue;
                }
                if (v.isNumeric()) {
                    return p.getLongValue();
                }
                if (v == JsonToken.VALUE_STRING) {
                    return (long) Double.parseDouble(p.getText().trim());
                }
                return null;
            }
            return null;
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }
}
