package io.bkm.alarm.job.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bkm.alarm.alert.AlertBuilder;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.model.Alert;
import io.bkm.alarm.model.EventStatus;
import io.bkm.alarm.model.Tag;
import io.bkm.alarm.notice.CarriedNotices;
import java.util.ArrayList;
import java.util.List;

/**
 * An open alert's document as bk-monitor (or this job) stored it in {@code bkfta_alert_*}, read
 * back into the job's {@link Alert} and what its notices were. bk-monitor's documents have no
 * {@code event_count} and no {@code version}; the caller supplies both.
 */
final class BkMonitorAlertDocs {
    /** A document that cannot be carried over, and why. */
    static final class Refused extends Exception {
        Refused(String why) {
            super(why);
        }
    }

    private BkMonitorAlertDocs() {}

    /** The alert the document holds, as the alert state keeps it. */
    static Alert alert(JsonNode source) throws Refused {
        if (!source.isObject()) {
            throw new Refused("not an object");
        }
        ObjectNode doc = ((ObjectNode) source).deepCopy();
        JsonNode extra = doc.remove("extra_info");
        JsonNode event = doc.path("event");
        if (!event.isObject()) {
            throw new Refused("no event");
        }
        JsonNode eventExtra = ((ObjectNode) event).remove("extra_info");
        JsonNode tags = ((ObjectNode) event).remove("tags");
        Alert a;
        try {
            a = Json.MAPPER.treeToValue(doc, Alert.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new Refused(e.getMessage().lines().findFirst().orElse("unreadable"));
        }
        if (a.id == null || a.id.length() < 11) {
            throw new Refused("no alert id");
        }
        if (a.dedupeMd5 == null || a.dedupeMd5.isEmpty()) {
            throw new Refused("no dedupe_md5");
        }
        if (!EventStatus.ABNORMAL.equals(a.status)) {
            throw new Refused("status " + a.status + ", not ABNORMAL");
        }
        if (a.severity == null || a.severity < 1 || a.severity > 3) {
            throw new Refused("severity " + a.severity + " is not 1, 2 or 3");
        }
        if (a.beginTime == null) {
            throw new Refused("no begin_time");
        }
        a.extraInfo = object(extra);
        a.event.extraInfo = object(eventExtra);
        a.event.tags = tags(tags);
        if (a.event.severity == null) {
            a.event.severity = a.severity;
        }
        if (a.event.dedupeMd5 == null) {
            a.event.dedupeMd5 = a.dedupeMd5;
        }
        if (a.event.time == null) {
            a.event.time = a.latestTime == null ? a.beginTime : a.latestTime;
        }
        a.recovering = extra != null && extra.path("is_recovering").asBoolean(false);
        fill(a);
        return a;
    }

    /** What bk-monitor leaves out or may leave empty, as the job would have written it. */
    private static void fill(Alert a) {
        if (a.seqId == null) {
            a.seqId = Long.parseLong(a.id.substring(10));
        }
        if (a.createTime == null) {
            a.createTime = Long.parseLong(a.id.substring(0, 10));
        }
        a.updateTime = a.updateTime == null ? a.createTime : a.updateTime;
        a.latestTime = a.latestTime == null ? a.beginTime : a.latestTime;
        a.firstAnomalyTime = a.firstAnomalyTime == null ? a.beginTime : a.firstAnomalyTime;
        a.isBlocked = Boolean.TRUE.equals(a.isBlocked);
        a.isHandled = Boolean.TRUE.equals(a.isHandled);
        a.isAck = Boolean.TRUE.equals(a.isAck);
        a.isShielded = Boolean.TRUE.equals(a.isShielded);
        a.shieldId = a.shieldId == null ? new String[0] : a.shieldId;
        a.shieldLeftTime = a.shieldLeftTime == null ? 0L : a.shieldLeftTime;
        if (a.nextStatusTime == null) {
            a.nextStatus = EventStatus.CLOSED;
            a.nextStatusTime = a.updateTime + AlertBuilder.CLOSE_WINDOW_SECONDS;
        }
        a.duration = a.duration == null ? a.latestTime - a.beginTime : a.duration;
    }

    /**
     * What the alert's notices were: bk-monitor's {@code cycle_handle_record} (rounds, last time,
     * the latest time then) and {@code upgrade_notice}. An open alert without a record was told
     * once, when it was created, unless it was shielded or blocked.
     */
    static CarriedNotices.History notices(JsonNode source, Alert a) {
        JsonNode extra = source.path("extra_info");
        int rounds = 0;
        long last = 0;
        long latest = a.latestTime;
        boolean everSent = false;
        for (JsonNode r : extra.path("cycle_handle_record")) {
            rounds = Math.max(rounds, r.path("execute_times").asInt(0));
            everSent |= !r.path("is_shielded").asBoolean(false);
            long t = r.path("last_time").asLong(0);
            if (t > last) {
                last = t;
                latest = r.path("latest_anomaly_time").asLong(a.latestTime);
            }
        }
        if (rounds == 0) {
            last = a.createTime;
            everSent = !a.isShielded;
        }
        JsonNode upgrade = extra.path("upgrade_notice");
        int upgrades =
                upgrade.has("last_group_index") ? upgrade.path("last_group_index").asInt() + 1 : 0;
        JsonNode ackNoticed = source.path("is_ack_noticed");
        return new CarriedNotices.History(
                Math.max(1, rounds),
                last,
                latest,
                ackNoticed.isBoolean() ? ackNoticed.asBoolean() : a.isAck,
                upgrades,
                upgrade.path("last_upgrade_time").asLong(0),
                a.isBlocked || !everSent);
    }

    private static String object(JsonNode n) {
        return n != null && n.isObject() ? Json.write(n) : null;
    }

    /** Tags as the parsers make them: a list value keeps its members, a scalar its text. */
    private static Tag[] tags(JsonNode tags) {
        if (tags == null || !tags.isArray()) {
            return new Tag[0];
        }
        List<Tag> out = new ArrayList<>();
        for (JsonNode t : tags) {
            Tag tag = new Tag(t.path("key").asText(), null);
            JsonNode v = t.path("value");
            if (v.isArray()) {
                List<String> values = new ArrayList<>();
                v.forEach(x -> values.add(x.asText()));
                tag.values = values.toArray(new String[0]);
            } else {
                tag.value = v.isMissingNode() || v.isNull() ? "None" : v.asText();
            }
            if (t.hasNonNull("display_key")) {
                tag.displayKey = t.path("display_key").asText();
            }
            if (t.hasNonNull("display_value")) {
                tag.displayValue = t.path("display_value").asText();
            }
            out.add(tag);
        }
        return out.toArray(new Tag[0]);
    }
}
