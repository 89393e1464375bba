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
import io.bkm.alarm.shield.Shields;
import java.util.ArrayList;
import java.util.Arrays;
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
     * @param closeWindow seconds without an abnormal event before an alert without strategy closes
     */
    public static Alert create(Event e, int generation, long previousVersion, long closeWindow) {
        Alert a = new Alert();
        a.generation = generation;
        a.created = true;
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
        a.shieldId = new String[0];
        a.shieldLeftTime = 0L;
        a.nextStatus = EventStatus.CLOSED;
        a.nextStatusTime = e.createTime + closeWindow;
        a.extraInfo = extraInfo(e);
        a.version = previousVersion + 1;
        a.duration = duration(a);
        return a;
    }

    /**
     * A further abnormal event of the same fingerprint and severity while the alert is abnormal
     * (§3.4): an older event only widens the alert's start, a newer one becomes the top event and
     * pushes the close window out.
     */
    public static void converge(Alert a, Event e, long closeWindow) {
        touch(a, e.createTime);
        a.eventCount++;
        a.firstAnomalyTime = Math.min(a.firstAnomalyTime, e.anomalyTime);
        if (e.time < a.beginTime) {
            a.beginTime = e.time;
        } else if (e.time >= a.latestTime) {
            a.latestTime = e.time;
            if (e.severity.equals(a.severity)) {
                a.event = e;
            }
            a.nextStatus = EventStatus.CLOSED;
            a.nextStatusTime = e.createTime + closeWindow;
        }
        a.duration = duration(a);
    }

    /** A RECOVERED or CLOSED event ends the alert at the event's time. */
    public static void endByEvent(Alert a, Event e) {
        a.eventCount++;
        a.latestTime = e.time;
        end(a, e.status, e.time, e.createTime, e.description);
    }

    /**
     * Ends an abnormal alert: {@code status} at {@code endTime}, changed at {@code at}. The
     * description is bk-monitor's {@code extra_info.end_description}.
     */
    public static void end(Alert a, String status, long endTime, long at, String description) {
        touch(a, at);
        a.status = status;
        a.endTime = endTime;
        a.nextStatus = null;
        a.nextStatusTime = null;
        if (a.ackDuration == null) {
            a.ackDuration = Math.max(endTime - a.createTime, 0);
        }
        a.duration = duration(a);
        if (description != null) {
            putExtra(a, "end_description", description);
        }
    }

    /** A user acknowledged the alert at {@code at}. */
    public static void ack(Alert a, String operator, long at) {
        touch(a, at);
        a.isAck = true;
        a.ackOperator = operator;
        if (a.ackDuration == null) {
            a.ackDuration = Math.max(at - a.createTime, 0);
        }
    }

    /** A user took the acknowledgement back; when it first came stays recorded. */
    public static void unack(Alert a, long at) {
        touch(a, at);
        a.isAck = false;
        a.ackOperator = null;
    }

    /** Sets {@code extra_info.is_recovering}, which holds notices back while it is true. */
    public static void recovering(Alert a, boolean recovering, long at) {
        touch(a, at);
        a.recovering = recovering;
        putExtra(a, "is_recovering", recovering);
    }

    /** Writes the shield state into the alert (no new version: it goes with a change). */
    public static void shield(Alert a, Shields.Status status) {
        a.isShielded = status.shielded();
        a.shieldId = status.ids();
        a.shieldLeftTime = status.leftSeconds();
    }

    /**
     * A shield started, ended or changed: a new version at {@code at} when whether or by what the
     * alert is shielded changed; false when nothing did.
     */
    public static boolean reshield(Alert a, Shields.Status status, long at) {
        boolean same =
                status.shielded() == Boolean.TRUE.equals(a.isShielded)
                        && Arrays.equals(
                                status.ids(), a.shieldId == null ? new String[0] : a.shieldId);
        if (same) {
            return false;
        }
        touch(a, at);
        shield(a, status);
        return true;
    }

    /** Whether the alert's fingerprint flaps changed at {@code at}: a new version. */
    public static void flapping(Alert a, boolean flapping, long at) {
        touch(a, at);
        a.isFlapping = flapping;
    }

    /** Every change: a new version, and the time of the change (never going back). */
    private static void touch(Alert a, long at) {
        a.version++;
        a.updateTime = Math.max(a.updateTime, at);
    }

    private static ObjectNode extra(Alert a) {
        try {
            JsonNode parsed = a.extraInfo == null ? null : Json.MAPPER.readTree(a.extraInfo);
            return parsed instanceof ObjectNode o ? o : Json.MAPPER.createObjectNode();
        } catch (Exception ex) {
            return Json.MAPPER.createObjectNode();
        }
    }

    private static void putExtra(Alert a, String key, Object value) {
        ObjectNode extra = extra(a);
        extra.set(key, Json.MAPPER.valueToTree(value));
        a.extraInfo = Json.write(extra);
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
