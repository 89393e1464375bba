package io.bkm.alarm.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.model.Alert;
import io.bkm.alarm.model.AlertDimension;
import io.bkm.alarm.model.Event;
import io.bkm.alarm.model.EventStatus;
import io.bkm.alarm.model.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What happens to an alert when an event arrives or its time is up (behaviour spec §3.3–§3.4),
 * without any Flink state: the state function decides which of these applies.
 */
public final class AlertBuilder {
    /** bk-monitor's CLOSE_WINDOW_SIZE: an alert with no new abnormal event closes after 1 h. */
    public static final long CLOSE_WINDOW_SECONDS = 3600;

    private static final Set<String> DEFAULT_DEDUPE_FIELDS =
            Set.of("alert_name", "strategy_id", "target_type", "target", "bk_biz_id");

    private AlertBuilder() {}

    /**
     * @param previousVersion version of the fingerprint's previous alert still in state (0 if
     *     none): versions keep growing across the alerts of one fingerprint, so "newest wins" also
     *     picks the right alert for per-fingerprint views such as the Redis current key
     */
    public static Alert create(Event e, int generation, long previousVersion) {
        Alert a = new Alert();
        a.generation = generation;
        a.createTime = e.createTime;
        a.seqId = AlertIds.sequence(e.dedupeMd5, generation);
        a.id = AlertIds.id(a.createTime, a.seqId);
        a.bkTenantId = e.bkTenantId;
        a.dedupeMd5 = e.dedupeMd5;
        a.strategyId = e.strategyId;
        a.alertName = e.alertName;
        a.bkBizId = e.bkBizId;
        a.severity = e.severity;
        a.status = EventStatus.ABNORMAL;
        a.updateTime = e.createTime;
        a.beginTime = e.time;
        a.latestTime = e.time;
        a.firstAnomalyTime = e.anomalyTime;
        a.event = e;
        a.dimensions = dimensions(e);
        a.eventCount = 1L;
        a.isBlocked = false;
        a.isHandled = false;
        a.isAck = false;
        a.isShielded = false;
        a.nextStatus = EventStatus.CLOSED;
        a.nextStatusTime = e.createTime + CLOSE_WINDOW_SECONDS;
        a.extraInfo = extraInfo(e);
        a.version = previousVersion + 1;
        a.duration = duration(a);
        return a;
    }

    /** A further abnormal event of the same fingerprint while the alert is abnormal. */
    public static void converge(Alert a, Event e) {
        a.eventCount++;
        a.version++;
        a.updateTime = Math.max(a.updateTime, e.createTime);
        a.firstAnomalyTime = Math.min(a.firstAnomalyTime, e.anomalyTime);
        if (e.time < a.beginTime) {
            a.beginTime = e.time;
        } else if (e.time >= a.latestTime) {
            a.latestTime = e.time;
            if (e.severity.equals(a.severity)) {
                a.event = e;
            }
            a.nextStatus = EventStatus.CLOSED;
            a.nextStatusTime = e.createTime + CLOSE_WINDOW_SECONDS;
        }
        a.duration = duration(a);
    }

    /** A RECOVERED or CLOSED event ends the alert at the event's time. */
    public static void endByEvent(Alert a, Event e) {
        a.eventCount++;
        a.version++;
        a.updateTime = Math.max(a.updateTime, e.createTime);
        a.latestTime = e.time;
        a.status = e.status;
        a.endTime = e.time;
        a.nextStatus = null;
        a.nextStatusTime = null;
        a.duration = duration(a);
    }

    /** The close window ran out without a new abnormal event. */
    public static void systemClose(Alert a, long at) {
        a.version++;
        a.status = EventStatus.CLOSED;
        a.endTime = at;
        a.updateTime = at;
        a.nextStatus = null;
        a.nextStatusTime = null;
        a.duration = duration(a);
    }

    static long duration(Alert a) {
        return Math.max(a.latestTime - a.firstAnomalyTime, 60L);
    }

    /** One dimension per non-default dedupe key, valued from its tag. */
    static AlertDimension[] dimensions(Event e) {
        List<AlertDimension> out = new ArrayList<>();
        for (String key : e.dedupeKeys) {
            if (DEFAULT_DEDUPE_FIELDS.contains(key) || key.equals("tags.__NO_DATA_DIMENSION__")) {
                continue;
            }
            if (key.startsWith("tags.")) {
                Tag t = e.tag(key.substring(5));
                String value = t == null ? null : String.valueOf(t.jsonValue());
                out.add(
                        new AlertDimension(
                                key,
                                value,
                                t == null || t.displayKey == null ? key.substring(5) : t.displayKey,
                                t == null || t.displayValue == null ? value : t.displayValue));
            } else {
                Object v = io.bkm.alarm.event.DedupeKeys.valueOf(e, key);
                String value = v == null ? null : String.valueOf(v);
                out.add(new AlertDimension(key, value, key, value));
            }
        }
        return out.toArray(new AlertDimension[0]);
    }

    /** The event's extra_info plus {@code agg_dimensions}: dedupe keys without the tags prefix. */
    static String extraInfo(Event e) {
        ObjectNode extra;
        try {
            JsonNode parsed = e.extraInfo == null ? null : Json.MAPPER.readTree(e.extraInfo);
            extra = parsed instanceof ObjectNode o ? o : Json.MAPPER.createObjectNode();
        } catch (Exception ex) {
            extra = Json.MAPPER.createObjectNode();
        }
        ArrayNode agg = extra.putArray("agg_dimensions");
        for (String key : e.dedupeKeys) {
            agg.add(key.startsWith("tags.") ? key.substring(5) : key);
        }
        return Json.write(extra);
    }
}
