package io.bkm.alarm.alert;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.model.Event;
import java.io.IOException;
import java.util.Arrays;

/**
 * What the alert state reads from an event's {@code extra_info.origin_alarm}: the access time the
 * expiry rule uses (§2.5) and the anomaly times behind a triggered event, which the recovery check
 * counts (§5.3).
 *
 * <p>Read with a streaming parser that skips everything else: every triggered event passes here,
 * and building a tree of its extra_info cost more than the rest of this (#6).
 */
record EventFacts(long accessTime, long[] anomalyTimes) {

    static EventFacts of(Event e) {
        long time = e.time;
        if (e.extraInfo == null || !e.extraInfo.contains("origin_alarm")) {
            return plain(time);
        }
        try (JsonParser p = Json.MAPPER.getFactory().createParser(e.extraInfo)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return plain(time);
            }
            EventFacts found = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                if (p.nextToken() == JsonToken.START_OBJECT && "origin_alarm".equals(name)) {
                    found = origin(p, time); // the last one counts, as in a parsed tree
                } else {
                    p.skipChildren();
                }
            }
            return found == null ? plain(time) : found;
        } catch (IOException ex) {
            return plain(time);
        }
    }

    /** An event without origin_alarm: its own time stands for both. */
    private static EventFacts plain(long time) {
        return new EventFacts(time, new long[] {time});
    }

    /** Reads {@code origin_alarm}'s fields, the parser at its START_OBJECT, to its END_OBJECT. */
    private static EventFacts origin(JsonParser p, long time) throws IOException {
        long accessTime = time;
        long[] times = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            if (t == JsonToken.START_OBJECT && name.equals("data")) {
                accessTime = accessTime(p, time);
            } else if (t == JsonToken.START_OBJECT && name.equals("trigger")) {
                times = anomalyTimes(p);
            } else {
                p.skipChildren();
            }
        }
        return new EventFacts(
                accessTime, times == null || times.length == 0 ? new long[] {time} : times);
    }

    /** {@code data.access_time}, or {@code time} when it has none. */
    private static long accessTime(JsonParser p, long time) throws IOException {
        long access = time;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            if (name.equals("access_time") && t.isNumeric()) {
                access = p.getValueAsLong();
            } else {
                p.skipChildren();
            }
        }
        return access;
    }

    private static long[] anomalyTimes(JsonParser p) throws IOException {
        long[] times = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            if (name.equals("anomaly_ids") && t == JsonToken.START_ARRAY) {
                times = new long[4];
                int n = 0;
                for (t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    long at = t.isScalarValue() ? dataTime(p.getValueAsString()) : NONE;
                    p.skipChildren();
                    if (at != NONE) {
                        times = n == times.length ? Arrays.copyOf(times, n * 2) : times;
                        times[n++] = at;
                    }
                }
                times = Arrays.copyOf(times, n);
            } else {
                p.skipChildren();
            }
        }
        return times;
    }

    /** What {@link #dataTime} returns for an id not of bk-monitor's form. */
    private static final long NONE = Long.MIN_VALUE;

    /** {dimensions md5}.{data time}.{strategy}.{item}.{level}; {@link #NONE} if not that form. */
    private static long dataTime(String anomalyId) {
        if (anomalyId == null) {
            return NONE;
        }
        int from = anomalyId.indexOf('.');
        if (from < 0) {
            return NONE;
        }
        int to = anomalyId.indexOf('.', from + 1);
        try {
            return Long.parseLong(anomalyId.substring(from + 1, to < 0 ? anomalyId.length() : to));
        } catch (NumberFormatException e) {
            return NONE;
        }
    }
}
