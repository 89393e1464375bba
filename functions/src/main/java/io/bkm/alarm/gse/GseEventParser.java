package io.bkm.alarm.gse;

import static io.bkm.alarm.gse.GseFields.firstNonEmpty;
import static io.bkm.alarm.gse.GseFields.intValue;
import static io.bkm.alarm.gse.GseFields.longValue;
import static io.bkm.alarm.gse.GseFields.parseInt;
import static io.bkm.alarm.gse.GseFields.parseTime;
import static io.bkm.alarm.gse.GseFields.requiredText;
import static io.bkm.alarm.gse.GseFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.bkm.alarm.common.EventTimes;
import io.bkm.alarm.common.InvalidInputException;
import io.bkm.alarm.common.JsonFields;
import io.bkm.alarm.common.ParseResult;
import io.bkm.alarm.common.Reasons;
import io.bkm.alarm.model.GseRecord;
import io.bkm.alarm.model.Tag;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * GSE messages to {@link GseRecord}s with bk-monitor's access rules (behaviour spec §1.1): the
 * three envelopes, basic alarms (types 2, 3, 6, 7, 8, 9; their rules per type in {@link
 * GseAlarmRules}), custom string events (100) and process events (101). Malformed messages throw
 * {@link InvalidInputException}; records a rule leaves out are counted in the result.
 */
public final class GseEventParser implements Serializable {

    /** Which types are on, and how old a record may be (ENABLE_*_ALARM, ExpireFilter). */
    public record Settings(boolean agentAlarm, boolean pingAlarm, long expireSeconds)
            implements Serializable {
        public static Settings defaults() {
            return new Settings(true, true, 1800);
        }
    }

    private final Settings settings;
    private final GseAlarmRules rules;

    public GseEventParser(Settings settings) {
        this.settings = settings;
        this.rules = new GseAlarmRules(settings);
    }

    /** A basic-alarm envelope from {@code bkm_gse_system_event}. */
    public ParseResult<GseRecord> parseSystemEvent(JsonNode msg, long receivedAt)
            throws InvalidInputException {
        JsonFields.requireObject(msg, "a GSE alarm");
        JsonNode value = JsonFields.required(msg, "value");
        if (!value.isArray()) {
            throw new InvalidInputException(Reasons.WRONG_TYPE, "value must be a list of alarms");
        }
        if (value.size() != 1) {
            throw new InvalidInputException(
                    Reasons.WRONG_SHAPE, "value must hold exactly one alarm, got " + value.size());
        }
        JsonNode item = value.get(0);
        JsonFields.requireObject(item, "value[0]");
        JsonNode extra = JsonFields.required(item, "extra");
        JsonFields.requireObject(extra, "value[0].extra");
        int type = intValue(extra, "type", true);
        ParseResult<GseRecord> result = new ParseResult<>();
        if (GseTypes.IGNORED.contains(type)) {
            result.drop(ParseResult.IGNORED_TYPE);
            return result;
        }
        if (!GseTypes.METRIC_IDS.containsKey(type) || type >= GseTypes.CUSTOM_STRING) {
            throw new InvalidInputException(Reasons.WRONG_TYPE, "unknown GSE alarm type " + type);
        }
        long time = EventTimes.check(envelopeTime(msg, item), receivedAt, "the alarm time");
        String title = text(item, "event_title");
        String server = text(msg, "server");
        rules.apply(new GseAlarmRules.Alarm(type, extra, time, receivedAt, title, server), result);
        return result;
    }

    /** A custom string event from {@code bkm_gse_custom_event} (data id 1100000). */
    public ParseResult<GseRecord> parseCustomString(JsonNode msg, long receivedAt)
            throws InvalidInputException {
        JsonFields.requireObject(msg, "a GSE custom event");
        JsonNode values = JsonFields.required(msg, "_value_");
        if (!values.isArray()) {
            throw new InvalidInputException(
                    Reasons.WRONG_TYPE, "_value_ must be a list of strings");
        }
        String timeText = text(msg, "_utctime_");
        long time;
        if (!timeText.isEmpty()) {
            time = parseTime(timeText, 0, "_utctime_");
        } else {
            time = parseTime(requiredText(msg, "_time_"), 0, "_time_");
        }
        EventTimes.check(time, receivedAt, "the event time");
        String server = requiredText(msg, "_server_");
        ParseResult<GseRecord> result = new ParseResult<>();
        for (JsonNode v : values) {
            if (!v.isValueNode() || v.isNull()) {
                throw new InvalidInputException(
                        Reasons.WRONG_TYPE, "_value_ must hold strings only");
            }
            GseRecord r = GseRecords.of(GseTypes.CUSTOM_STRING, time, receivedAt);
            r.host = server;
            r.server = server;
            r.bizId = intValue(msg, "_bizid_", false);
            r.cloudId = intValue(msg, "_cloudid_", false);
            r.message = v.asText();
            r.dimensions = new Tag[0];
            GseRecords.keepIfFresh(r, settings, result);
        }
        return result;
    }

    /** A process event report from {@code bkm_gse_process_event} (data id 1100008). */
    public ParseResult<GseRecord> parseProcessEvent(JsonNode msg, long receivedAt)
            throws InvalidInputException {
        JsonFields.requireObject(msg, "a GSE process event report");
        int dataId = intValue(msg, "data_id", true);
        if (dataId != GseTypes.PROCESS_EVENT_DATA_ID) {
            throw new InvalidInputException(
                    Reasons.WRONG_SHAPE, "data_id " + dataId + " is not the process event data id");
        }
        JsonNode data = JsonFields.requiredList(msg, "data", "data");
        ParseResult<GseRecord> result = new ParseResult<>();
        for (JsonNode item : data) {
            JsonFields.requireObject(item, "data[]");
            String eventName = requiredText(item, "event_name");
            JsonNode event = JsonFields.required(item, "event");
            JsonFields.requireObject(event, "event");
            String content = requiredText(event, "content");
            long timestampMs = longValue(item, "timestamp");
            EventTimes.check(Math.floorDiv(timestampMs, 1000L), receivedAt, "timestamp");
            JsonNode dims = item.path("dimension");
            if (!dims.isMissingNode() && !dims.isNull() && !dims.isObject()) {
                throw new InvalidInputException(Reasons.WRONG_TYPE, "dimension must be an object");
            }
            String localized = GseTypes.PROCESS_EVENT_NAMES.get(eventName);
            if (localized == null) {
                result.drop(ParseResult.UNKNOWN_PROCESS_EVENT);
                continue;
            }
            GseRecord r =
                    GseRecords.of(GseTypes.PROCESS, Math.floorDiv(timestampMs, 1000L), receivedAt);
            String[] target = text(item, "target").split("\\|", 2);
            r.host = firstNonEmpty(text(dims, "bk_target_ip"), target[0]);
            String cloud =
                    firstNonEmpty(
                            text(dims, "bk_target_cloud_id"), target.length > 1 ? target[1] : "");
            r.cloudId = cloud.isEmpty() ? null : parseInt(cloud, "bk_target_cloud_id");
            String agentId = text(dims, "bk_agent_id");
            r.agentId = agentId.isEmpty() ? null : agentId;
            r.message = "event type: " + localized + ", content: " + content;
            List<Tag> d = new ArrayList<>();
            if (r.agentId != null) {
                d.add(new Tag("agent_version", GseRecords.agentVersion(r.agentId)));
            }
            d.add(new Tag("process_group_id", text(dims, "process_group_id")));
            d.add(new Tag("process_name", text(dims, "process_name")));
            r.dimensions = d.toArray(new Tag[0]);
            r.filterDimensions = new Tag[] {new Tag("event_name", eventName)};
            String index = text(dims, "process_index");
            r.additionalDimensions =
                    index.isEmpty() ? null : new Tag[] {new Tag("process_index", index)};
            GseRecords.keepIfFresh(r, settings, result);
        }
        return result;
    }

    /** {@code utctime2}, else the item's local {@code event_time} shifted by {@code timezone}. */
    private static long envelopeTime(JsonNode msg, JsonNode item) throws InvalidInputException {
        String utc = text(msg, "utctime2");
        if (!utc.isEmpty()) {
            return parseTime(utc, 0, "utctime2");
        }
        String local = text(item, "event_time");
        if (local.isEmpty()) {
            throw new InvalidInputException(
                    Reasons.MISSING_FIELD, "utctime2 or value[0].event_time is required");
        }
        Integer tz = intValue(msg, "timezone", false);
        return parseTime(local, tz == null ? 0 : tz, "event_time");
    }
}
