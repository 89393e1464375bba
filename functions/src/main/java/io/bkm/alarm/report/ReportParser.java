package io.bkm.alarm.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.bkm.alarm.common.EventTimes;
import io.bkm.alarm.common.InvalidInputException;
import io.bkm.alarm.common.JsonFields;
import io.bkm.alarm.common.Reasons;
import io.bkm.alarm.fingerprint.Fingerprint;
import io.bkm.alarm.model.CustomEventRecord;
import io.bkm.alarm.model.DataSource;
import io.bkm.alarm.model.Tag;
import io.bkm.alarm.model.TimeSeriesPoint;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * Custom reports, {@code {data_id, access_token, data:[…]}}: custom events (behaviour spec §1.2)
 * and time-series points. The data id and token are checked first; a report with any invalid item
 * is refused whole, as bk-monitor's report API does, so a dead letter replays cleanly.
 */
public final class ReportParser {
    public static final int MAX_EVENT_NAME = 128;

    private ReportParser() {}

    public static List<CustomEventRecord> customEvents(
            JsonNode msg, LongFunction<DataSource> dataSources, long receivedAt)
            throws InvalidInputException {
        DataSource ds = authorize(msg, dataSources, DataSource.KIND_EVENT);
        List<CustomEventRecord> out = new ArrayList<>();
        int i = 0;
        for (JsonNode item : JsonFields.requiredList(msg, "data", "data")) {
            String at = "data[" + i++ + "]";
            JsonFields.requireObject(item, at);
            CustomEventRecord r = new CustomEventRecord();
            r.dataId = ds.dataId;
            r.bkBizId = ds.bkBizId;
            r.eventName = text(item, "event_name", at);
            if (r.eventName.isEmpty()) {
                throw new InvalidInputException(
                        Reasons.MISSING_FIELD, at + ".event_name is required");
            }
            if (r.eventName.length() > MAX_EVENT_NAME) {
                throw new InvalidInputException(
                        Reasons.INVALID_VALUE,
                        at + ".event_name is longer than " + MAX_EVENT_NAME + " characters");
            }
            JsonNode event = item.get("event");
            if (event == null || event.isNull()) {
                throw new InvalidInputException(
                        Reasons.MISSING_FIELD, at + ".event.content is required");
            }
            JsonFields.requireObject(event, at + ".event");
            r.content = text(event, "content", at + ".event");
            if (event.get("content") == null || event.get("content").isNull()) {
                throw new InvalidInputException(
                        Reasons.MISSING_FIELD, at + ".event.content is required");
            }
            r.target = text(item, "target", at);
            r.dimensions = dimensions(item, at);
            r.timestampMs = timestamp(item, at, false, receivedAt);
            r.receivedAt = receivedAt;
            for (Tag t : r.dimensions) {
                if (t.key.equals("event_type") && "recovery".equals(t.value)) {
                    r.recovery = true;
                }
            }
            out.add(r);
        }
        return out;
    }

    public static List<TimeSeriesPoint> timeSeries(
            JsonNode msg, LongFunction<DataSource> dataSources, long receivedAt)
            throws InvalidInputException {
        DataSource ds = authorize(msg, dataSources, DataSource.KIND_TIME_SERIES);
        List<TimeSeriesPoint> out = new ArrayList<>();
        int i = 0;
        for (JsonNode item : JsonFields.requiredList(msg, "data", "data")) {
            String at = "data[" + i++ + "]";
            JsonFields.requireObject(item, at);
            JsonNode metrics = item.get("metrics");
            if (metrics == null || metrics.isNull()) {
                throw new InvalidInputException(Reasons.MISSING_FIELD, at + ".metrics is required");
            }
            JsonFields.requireObject(metrics, at + ".metrics");
            if (metrics.isEmpty()) {
                throw new InvalidInputException(Reasons.MISSING_FIELD, at + ".metrics is empty");
            }
            TimeSeriesPoint p = new TimeSeriesPoint();
            p.dataId = ds.dataId;
            p.bkBizId = ds.bkBizId;
            p.metricPrefix = ds.metricPrefix;
            p.metricNames = new String[metrics.size()];
            p.metricValues = new double[metrics.size()];
            int m = 0;
            Iterator<Map.Entry<String, JsonNode>> it = metrics.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isNumber()) {
                    throw new InvalidInputException(
                            Reasons.WRONG_TYPE,
                            at + ".metrics." + e.getKey() + " must be a number");
                }
                p.metricNames[m] = e.getKey();
                p.metricValues[m++] = e.getValue().doubleValue();
            }
            p.target = text(item, "target", at);
            p.dimensions = dimensions(item, at);
            p.timestampMs = timestamp(item, at, true, receivedAt);
            p.receivedAt = receivedAt;
            out.add(p);
        }
        return out;
    }

    private static DataSource authorize(
            JsonNode msg, LongFunction<DataSource> dataSources, String kind)
            throws InvalidInputException {
        JsonFields.requireObject(msg, "a report");
        JsonNode id = msg.get("data_id");
        if (id == null || id.isNull()) {
            throw new InvalidInputException(Reasons.MISSING_FIELD, "data_id is required");
        }
        long dataId;
        if (id.isIntegralNumber() && id.canConvertToLong()) {
            dataId = id.longValue();
        } else if (id.isTextual() && id.textValue().matches("\\d{1,18}")) {
            dataId = Long.parseLong(id.textValue());
        } else {
            throw new InvalidInputException(Reasons.WRONG_TYPE, "data_id must be an integer");
        }
        JsonNode token = msg.get("access_token");
        if (token == null || token.isNull() || !token.isTextual() || token.textValue().isEmpty()) {
            throw new InvalidInputException(Reasons.UNAUTHORIZED, "access_token is missing");
        }
        DataSource ds = dataSources.apply(dataId);
        if (ds == null) {
            throw new InvalidInputException(
                    Reasons.UNAUTHORIZED, "data_id " + dataId + " is not a known data source");
        }
        if (!constantTimeEquals(ds.accessToken, token.textValue())) {
            throw new InvalidInputException(
                    Reasons.UNAUTHORIZED, "access_token does not match data_id " + dataId);
        }
        if (!kind.equals(ds.kind)) {
            throw new InvalidInputException(
                    Reasons.WRONG_SHAPE,
                    "data_id " + dataId + " is a " + ds.kind + " data source, not " + kind);
        }
        return ds;
    }

    private static String text(JsonNode obj, String field, String at) throws InvalidInputException {
        JsonNode n = obj.get(field);
        if (n == null || n.isNull()) {
            return "";
        }
        if (!n.isValueNode()) {
            throw new InvalidInputException(
                    Reasons.WRONG_TYPE, at + "." + field + " must be a string");
        }
        return n.isTextual() ? n.textValue() : Fingerprint.pythonStr(JsonFields.scalar(n));
    }

    private static Tag[] dimensions(JsonNode item, String at) throws InvalidInputException {
        JsonNode d = item.get("dimension");
        if (d == null || d.isNull()) {
            return new Tag[0];
        }
        JsonFields.requireObject(d, at + ".dimension");
        List<Tag> out = new ArrayList<>(d.size());
        Iterator<String> names = d.fieldNames();
        while (names.hasNext()) {
            String k = names.next();
            out.add(new Tag(k, text(d, k, at + ".dimension")));
        }
        return out.toArray(new Tag[0]);
    }

    /** Milliseconds; a missing optional one is the time the report was received. */
    private static long timestamp(JsonNode item, String at, boolean required, long receivedAt)
            throws InvalidInputException {
        JsonNode t = item.get("timestamp");
        if (t == null || t.isNull()) {
            if (required) {
                throw new InvalidInputException(
                        Reasons.MISSING_FIELD, at + ".timestamp is required");
            }
            return receivedAt * 1000L;
        }
        if (t.isIntegralNumber() && t.canConvertToLong() && t.longValue() >= 0) {
            EventTimes.check(t.longValue() / 1000, receivedAt, at + ".timestamp");
            return t.longValue();
        }
        throw new InvalidInputException(
                Reasons.WRONG_TYPE, at + ".timestamp must be milliseconds since 1970");
    }

    private static boolean constantTimeEquals(String a, String b) {
        return a != null
                && java.security.MessageDigest.isEqual(
                        a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
