package io.bkm.alarm.gse;

import com.fasterxml.jackson.databind.JsonNode;
import io.bkm.alarm.common.InvalidInputException;
import io.bkm.alarm.common.JsonFields;
import io.bkm.alarm.common.ParseResult;
import io.bkm.alarm.common.Reasons;
import io.bkm.alarm.fingerprint.Fingerprint;
import io.bkm.alarm.model.GseRecord;
import io.bkm.alarm.model.Tag;
import java.io.Serializable;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * GSE messages to {@link GseRecord}s with bk-monitor's access rules (behaviour spec §1.1): the
 * basic-alarm envelope (types 2, 3, 6, 7, 8, 9), custom string events (100) and process events
 * (101). Malformed messages throw {@link InvalidInputException}; records a rule leaves out are
 * counted in the result.
 */
public final class GseEventParser implements Serializable {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final List<Pattern> LOOP_DEVICES =
            List.of(
                    Pattern.compile("/?dev/loop.*"),
                    Pattern.compile("/?dev/sr.*"),
                    Pattern.compile(".*?\\.iso$"));

    /** Which types are on, and how old a record may be (ENABLE_*_ALARM, ExpireFilter). */
    public record Settings(boolean agentAlarm, boolean pingAlarm, long expireSeconds)
            implements Serializable {
        public static Settings defaults() {
            return new Settings(true, true, 1800);
        }
    }

    private final Settings settings;

    public GseEventParser(Settings settings) {
        this.settings = settings;
    }

    /** A basic-alarm envelope from {@code bkm_gse_system_event}. */
    public ParseResult<GseRecord> parseSystemEvent(JsonNode msg, long receivedAt)
            throws InvalidInputException {
        requireObject(msg, "a GSE alarm");
        JsonNode value = required(msg, "value");
        if (!value.isArray()) {
            throw new InvalidInputException(Reasons.WRONG_TYPE, "value must be a list of alarms");
        }
        if (value.size() != 1) {
            throw new InvalidInputException(
                    Reasons.WRONG_SHAPE, "value must hold exactly one alarm, got " + value.size());
        }
        JsonNode item = value.get(0);
        requireObject(item, "value[0]");
        JsonNode extra = required(item, "extra");
        requireObject(extra, "value[0].extra");
        int type = intValue(extra, "type", true);
        ParseResult<GseRecord> result = new ParseResult<>();
        if (GseTypes.IGNORED.contains(type)) {
            result.drop(ParseResult.IGNORED_TYPE);
            return result;
        }
        if (!GseTypes.METRIC_IDS.containsKey(type) || type >= GseTypes.CUSTOM_STRING) {
            throw new InvalidInputException(Reasons.WRONG_TYPE, "unknown GSE alarm type " + type);
        }
        long time = envelopeTime(msg, item);
        String title = text(item, "event_title");
        String server = text(msg, "server");
        switch (type) {
            case GseTypes.AGENT_LOST -> agentLost(extra, time, receivedAt, title, server, result);
            case GseTypes.PING_UNREACHABLE -> ping(extra, time, receivedAt, title, result);
            default -> {
                GseRecord r = base(type, extra, time, receivedAt, title, server);
                boolean keep =
                        switch (type) {
                            case GseTypes.DISK_FULL -> diskFull(r, extra);
                            case GseTypes.DISK_READ_ONLY -> diskReadOnly(r, extra);
                            case GseTypes.COREFILE -> corefile(r, extra);
                            default -> oom(r, extra);
                        };
                if (!keep) {
                    result.drop(ParseResult.IGNORED_FILE_SYSTEM);
                } else {
                    keepIfFresh(r, result);
                }
            }
        }
        return result;
    }

    /** A custom string event from {@code bkm_gse_custom_event} (data id 1100000). */
    public ParseResult<GseRecord> parseCustomString(JsonNode msg, long receivedAt)
            throws InvalidInputException {
        requireObject(msg, "a GSE custom event");
        JsonNode values = required(msg, "_value_");
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
        String server = requiredText(msg, "_server_");
        ParseResult<GseRecord> result = new ParseResult<>();
        for (JsonNode v : values) {
            if (!v.isValueNode() || v.isNull()) {
                throw new InvalidInputException(
                        Reasons.WRONG_TYPE, "_value_ must hold strings only");
            }
            GseRecord r = record(GseTypes.CUSTOM_STRING, time, receivedAt);
            r.host = server;
            r.server = server;
            r.bizId = intValue(msg, "_bizid_", false);
            r.cloudId = intValue(msg, "_cloudid_", false);
            r.message = v.asText();
            r.dimensions = new Tag[0];
            keepIfFresh(r, result);
        }
        return result;
    }

    /** A process event report from {@code bkm_gse_process_event} (data id 1100008). */
    public ParseResult<GseRecord> parseProcessEvent(JsonNode msg, long receivedAt)
            throws InvalidInputException {
        requireObject(msg, "a GSE process event report");
        int dataId = intValue(msg, "data_id", true);
        if (dataId != GseTypes.PROCESS_EVENT_DATA_ID) {
            throw new InvalidInputException(
                    Reasons.WRONG_SHAPE, "data_id " + dataId + " is not the process event data id");
        }
        JsonNode data = required(msg, "data");
        if (!data.isArray()) {
            throw new InvalidInputException(Reasons.WRONG_TYPE, "data must be a list");
        }
        ParseResult<GseRecord> result = new ParseResult<>();
        for (JsonNode item : data) {
            requireObject(item, "data[]");
            String eventName = requiredText(item, "event_name");
            JsonNode event = required(item, "event");
            requireObject(event, "event");
            String content = requiredText(event, "content");
            long timestampMs = longValue(item, "timestamp");
            JsonNode dims = item.path("dimension");
            if (!dims.isMissingNode() && !dims.isNull() && !dims.isObject()) {
                throw new InvalidInputException(Reasons.WRONG_TYPE, "dimension must be an object");
            }
            String localized = GseTypes.PROCESS_EVENT_NAMES.get(eventName);
            if (localized == null) {
                result.drop(ParseResult.UNKNOWN_PROCESS_EVENT);
                continue;
            }
            GseRecord r = record(GseTypes.PROCESS, Math.floorDiv(timestampMs, 1000L), receivedAt);
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
                d.add(new Tag("agent_version", agentVersion(r.agentId)));
            }
            d.add(new Tag("process_group_id", text(dims, "process_group_id")));
            d.add(new Tag("process_name", text(dims, "process_name")));
            r.dimensions = d.toArray(new Tag[0]);
            r.filterDimensions = new Tag[] {new Tag("event_name", eventName)};
            String index = text(dims, "process_index");
            r.additionalDimensions =
                    index.isEmpty() ? null : new Tag[] {new Tag("process_index", index)};
            keepIfFresh(r, result);
        }
        return result;
    }

    private void agentLost(
            JsonNode extra,
            long time,
            long receivedAt,
            String title,
            String server,
            ParseResult<GseRecord> result)
            throws InvalidInputException {
        JsonNode hosts = required(extra, "host");
        if (!hosts.isArray()) {
            throw new InvalidInputException(
                    Reasons.WRONG_TYPE, "agent-lost extra.host must be a list");
        }
        for (JsonNode h : hosts) {
            requireObject(h, "extra.host[]");
            if (!settings.agentAlarm()) {
                result.drop(ParseResult.DISABLED_TYPE);
                continue;
            }
            GseRecord r = record(GseTypes.AGENT_LOST, time, receivedAt);
            r.server = server;
            r.host = text(h, "ip");
            r.bizId = intValue(h, "bizid", false);
            r.cloudId = intValue(h, "cloudid", false);
            r.agentId = text(h, "agent_id");
            r.message = title.isEmpty() ? "GSE AGENT lost" : title;
            r.dimensions = new Tag[] {new Tag("agent_version", agentVersion(r.agentId))};
            keepIfFresh(r, result);
        }
    }

    private void ping(
            JsonNode extra, long time, long receivedAt, String title, ParseResult<GseRecord> result)
            throws InvalidInputException {
        String pinger = requiredText(extra, "host");
        JsonNode targets = required(extra, "iplist");
        if (!targets.isArray()) {
            throw new InvalidInputException(Reasons.WRONG_TYPE, "ping extra.iplist must be a list");
        }
        for (JsonNode t : targets) {
            if (!t.isTextual()) {
                throw new InvalidInputException(
                        Reasons.WRONG_TYPE, "ping extra.iplist must hold IPs");
            }
            if (!settings.pingAlarm()) {
                result.drop(ParseResult.DISABLED_TYPE);
                continue;
            }
            GseRecord r = record(GseTypes.PING_UNREACHABLE, time, receivedAt);
            r.server = pinger;
            r.host = t.textValue();
            r.bizId = intValue(extra, "bizid", false);
            r.cloudId = intValue(extra, "cloudid", false);
            r.message = title.isEmpty() ? "ping " + r.host + " unreachable" : title;
            r.dimensions = new Tag[0];
            keepIfFresh(r, result);
        }
    }

    private GseRecord base(
            int type, JsonNode extra, long time, long receivedAt, String title, String server)
            throws InvalidInputException {
        GseRecord r = record(type, time, receivedAt);
        r.server = server;
        r.host = requiredText(extra, "host");
        r.bizId = intValue(extra, "bizid", false);
        r.cloudId = intValue(extra, "cloudid", false);
        r.message = title;
        return r;
    }

    private static boolean diskFull(GseRecord r, JsonNode extra) throws InvalidInputException {
        String disk = text(extra, "disk");
        String fileSystem = text(extra, "file_system");
        String fstype = text(extra, "fstype");
        JsonNode free = extra.get("free");
        if (free != null && free.isNumber()) {
            double f = free.doubleValue();
            if (f >= 0 && f <= 100) {
                if (!fstype.isEmpty()
                        ? GseTypes.IGNORED_FILE_SYSTEMS.contains(fstype.toLowerCase(Locale.ROOT))
                        : LOOP_DEVICES.stream().anyMatch(p -> p.matcher(fileSystem).matches())) {
                    return false;
                }
            }
        } else if (free != null && !free.isNull() && !free.isTextual()) {
            throw new InvalidInputException(
                    Reasons.WRONG_TYPE, "disk-full extra.free must be a number");
        }
        r.dimensions =
                new Tag[] {
                    new Tag("file_system", fileSystem),
                    new Tag("fstype", fstype),
                    new Tag("disk", disk)
                };
        if (r.message.isEmpty()) {
            String freeText =
                    free == null || free.isNull()
                            ? "?"
                            : Fingerprint.pythonStr(JsonFields.scalar(free));
            r.message = "disk(" + disk + ") only " + freeText + "% free";
        }
        return true;
    }

    private static boolean diskReadOnly(GseRecord r, JsonNode extra) throws InvalidInputException {
        JsonNode ro = required(extra, "ro");
        if (!ro.isArray()) {
            throw new InvalidInputException(
                    Reasons.WRONG_TYPE, "disk read-only extra.ro must be a list");
        }
        for (JsonNode entry : ro) {
            requireObject(entry, "extra.ro[]");
            String type = text(entry, "type");
            if (GseTypes.IGNORED_FILE_SYSTEMS.contains(type.toLowerCase(Locale.ROOT))) {
                continue;
            }
            // some collectors spell it "positoin"
            String position = firstNonEmpty(text(entry, "position"), text(entry, "positoin"));
            r.dimensions =
                    new Tag[] {
                        new Tag("position", position),
                        new Tag("type", type),
                        new Tag("fs", text(entry, "fs"))
                    };
            if (r.message.isEmpty()) {
                r.message = "disk(" + position + ") is read-only";
            }
            return true;
        }
        return false;
    }

    private static boolean corefile(GseRecord r, JsonNode extra) {
        List<Tag> dims = new ArrayList<>();
        for (String key : List.of("executable_path", "executable", "signal")) {
            String v = text(extra, key);
            if (!v.isEmpty()) {
                dims.add(new Tag(key, v));
            }
        }
        r.dimensions = dims.toArray(new Tag[0]);
        String corefile = text(extra, "corefile");
        // different core files of one executable converge into one alert
        r.additionalDimensions = new Tag[] {new Tag("corefile", corefile)};
        if (r.message.isEmpty()) {
            String exe = text(extra, "executable");
            r.message =
                    "corefile generated" + (exe.isEmpty() ? "" : " by " + exe) + ": " + corefile;
        }
        return true;
    }

    private static boolean oom(GseRecord r, JsonNode extra) {
        r.dimensions = new Tag[0];
        List<Tag> details = new ArrayList<>();
        for (String key : List.of("message", "oom_memcg", "task_memcg", "task", "constraint")) {
            String v = text(extra, key);
            if (!v.isEmpty()) {
                details.add(new Tag(key, v));
            }
        }
        // OOM keeps its details out of dedupe: one alert per host
        r.filterDimensions = details.toArray(new Tag[0]);
        String process = text(extra, "process");
        r.additionalDimensions = process.isEmpty() ? null : new Tag[] {new Tag("process", process)};
        if (r.message.isEmpty()) {
            String total = text(extra, "total");
            r.message =
                    "OOM"
                            + (total.isEmpty() ? "" : " x" + total)
                            + (process.isEmpty() ? "" : " in " + process)
                            + (text(extra, "message").isEmpty()
                                    ? ""
                                    : ": " + text(extra, "message"));
        }
        return true;
    }

    /** A record of one type with its times; the caller fills in the host and dimensions. */
    private static GseRecord record(int type, long time, long receivedAt) {
        GseRecord r = new GseRecord();
        r.type = type;
        r.metricId = GseTypes.METRIC_IDS.get(type);
        r.time = time;
        r.receivedAt = receivedAt;
        return r;
    }

    private void keepIfFresh(GseRecord r, ParseResult<GseRecord> result) {
        if (r.receivedAt - r.time > settings.expireSeconds()) {
            result.drop(ParseResult.EXPIRED);
        } else {
            result.add(r);
        }
    }

    static String agentVersion(String agentId) {
        return agentId != null && agentId.contains(":") ? "v1" : "v2";
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

    private static long parseTime(String s, int offsetHours, String field)
            throws InvalidInputException {
        try {
            return LocalDateTime.parse(s.trim(), TIME)
                    .toEpochSecond(ZoneOffset.ofHours(offsetHours));
        } catch (java.time.DateTimeException e) {
            throw new InvalidInputException(
                    Reasons.WRONG_TYPE,
                    field + " must be a time like 2024-05-29 02:31:00, got '" + cut(s) + "'");
        }
    }

    private static void requireObject(JsonNode n, String what) throws InvalidInputException {
        if (n == null || !n.isObject()) {
            throw new InvalidInputException(Reasons.WRONG_SHAPE, what + " must be a JSON object");
        }
    }

    private static JsonNode required(JsonNode obj, String field) throws InvalidInputException {
        JsonNode n = obj.get(field);
        if (n == null || n.isNull()) {
            throw new InvalidInputException(Reasons.MISSING_FIELD, field + " is required");
        }
        return n;
    }

    private static String requiredText(JsonNode obj, String field) throws InvalidInputException {
        JsonNode n = required(obj, field);
        if (!n.isValueNode()) {
            throw new InvalidInputException(Reasons.WRONG_TYPE, field + " must be a string");
        }
        String s = n.asText();
        if (s.isEmpty()) {
            throw new InvalidInputException(Reasons.MISSING_FIELD, field + " is empty");
        }
        return s;
    }

    /** A scalar field as text; absent, null or a container is "". */
    static String text(JsonNode obj, String field) {
        JsonNode n = obj.get(field);
        if (n == null || n.isNull() || n.isContainerNode()) {
            return "";
        }
        return n.isTextual() ? n.textValue() : Fingerprint.pythonStr(JsonFields.scalar(n));
    }

    private static Integer intValue(JsonNode obj, String field, boolean required)
            throws InvalidInputException {
        JsonNode n = required ? required(obj, field) : obj.get(field);
        if (n == null || n.isNull() || (n.isTextual() && n.textValue().isEmpty() && !required)) {
            return null;
        }
        if (n.isIntegralNumber() && n.canConvertToInt()) {
            return n.intValue();
        }
        if (n.isTextual()) {
            return parseInt(n.textValue(), field);
        }
        throw new InvalidInputException(Reasons.WRONG_TYPE, field + " must be an integer");
    }

    private static long longValue(JsonNode obj, String field) throws InvalidInputException {
        required(obj, field);
        return JsonFields.integer(obj, field);
    }

    private static int parseInt(String s, String field) throws InvalidInputException {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(
                    Reasons.WRONG_TYPE, field + " must be an integer, got '" + cut(s) + "'");
        }
    }

    private static String firstNonEmpty(String a, String b) {
        return a.isEmpty() ? b : a;
    }

    private static String cut(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "…" : s;
    }
}
