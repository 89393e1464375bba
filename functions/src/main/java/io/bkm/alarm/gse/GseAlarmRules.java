package io.bkm.alarm.gse;

import static io.bkm.alarm.gse.GseFields.firstNonEmpty;
import static io.bkm.alarm.gse.GseFields.intValue;
import static io.bkm.alarm.gse.GseFields.requiredText;
import static io.bkm.alarm.gse.GseFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.bkm.alarm.common.InvalidInputException;
import io.bkm.alarm.common.JsonFields;
import io.bkm.alarm.common.ParseResult;
import io.bkm.alarm.common.Reasons;
import io.bkm.alarm.fingerprint.Fingerprint;
import io.bkm.alarm.model.GseRecord;
import io.bkm.alarm.model.Tag;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * bk-monitor's rules per basic-alarm type (behaviour spec §1.1): which hosts an alarm is about, its
 * dimensions and message, and which alarms are left out (ignored file systems, loop devices, types
 * switched off).
 */
final class GseAlarmRules implements Serializable {
    private static final List<Pattern> LOOP_DEVICES =
            List.of(
                    Pattern.compile("/?dev/loop.*"),
                    Pattern.compile("/?dev/sr.*"),
                    Pattern.compile(".*?\\.iso$"));

    private final GseEventParser.Settings settings;

    GseAlarmRules(GseEventParser.Settings settings) {
        this.settings = settings;
    }

    /**
     * One basic alarm as its envelope gives it: the alarm's {@code extra}, its time, when it was
     * received, its title and the reporting server.
     */
    record Alarm(
            int type, JsonNode extra, long time, long receivedAt, String title, String server) {
        GseRecord record(int recordType) {
            return GseRecords.of(recordType, time, receivedAt);
        }
    }

    /** The records of one basic alarm, or the reason it is left out. */
    void apply(Alarm alarm, ParseResult<GseRecord> result) throws InvalidInputException {
        JsonNode extra = alarm.extra();
        switch (alarm.type()) {
            case GseTypes.AGENT_LOST -> agentLost(alarm, result);
            case GseTypes.PING_UNREACHABLE -> ping(alarm, result);
            default -> {
                GseRecord r = base(alarm);
                boolean keep =
                        switch (alarm.type()) {
                            case GseTypes.DISK_FULL -> diskFull(r, extra);
                            case GseTypes.DISK_READ_ONLY -> diskReadOnly(r, extra);
                            case GseTypes.COREFILE -> corefile(r, extra);
                            default -> oom(r, extra);
                        };
                if (!keep) {
                    result.drop(ParseResult.IGNORED_FILE_SYSTEM);
                } else {
                    GseRecords.keepIfFresh(r, settings, result);
                }
            }
        }
    }

    private void agentLost(Alarm alarm, ParseResult<GseRecord> result)
            throws InvalidInputException {
        JsonNode hosts = JsonFields.requiredList(alarm.extra(), "host", "agent-lost extra.host");
        for (JsonNode h : hosts) {
            JsonFields.requireObject(h, "extra.host[]");
            if (!settings.agentAlarm()) {
                result.drop(ParseResult.DISABLED_TYPE);
                continue;
            }
            GseRecord r = alarm.record(GseTypes.AGENT_LOST);
            r.server = alarm.server();
            r.host = text(h, "ip");
            r.bizId = intValue(h, "bizid", false);
            r.cloudId = intValue(h, "cloudid", false);
            r.agentId = text(h, "agent_id");
            r.message = alarm.title().isEmpty() ? "GSE AGENT lost" : alarm.title();
            r.dimensions = new Tag[] {new Tag("agent_version", GseRecords.agentVersion(r.agentId))};
            GseRecords.keepIfFresh(r, settings, result);
        }
    }

    private void ping(Alarm alarm, ParseResult<GseRecord> result) throws InvalidInputException {
        JsonNode extra = alarm.extra();
        String pinger = requiredText(extra, "host");
        JsonNode targets = JsonFields.requiredList(extra, "iplist", "ping extra.iplist");
        for (JsonNode t : targets) {
            if (!t.isTextual()) {
                throw new InvalidInputException(
                        Reasons.WRONG_TYPE, "ping extra.iplist must hold IPs");
            }
            if (!settings.pingAlarm()) {
                result.drop(ParseResult.DISABLED_TYPE);
                continue;
            }
            GseRecord r = alarm.record(GseTypes.PING_UNREACHABLE);
            r.server = pinger;
            r.host = t.textValue();
            r.bizId = intValue(extra, "bizid", false);
            r.cloudId = intValue(extra, "cloudid", false);
            r.message = alarm.title().isEmpty() ? "ping " + r.host + " unreachable" : alarm.title();
            r.dimensions = new Tag[0];
            GseRecords.keepIfFresh(r, settings, result);
        }
    }

    private GseRecord base(Alarm alarm) throws InvalidInputException {
        JsonNode extra = alarm.extra();
        GseRecord r = alarm.record(alarm.type());
        r.server = alarm.server();
        r.host = requiredText(extra, "host");
        r.bizId = intValue(extra, "bizid", false);
        r.cloudId = intValue(extra, "cloudid", false);
        r.message = alarm.title();
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
        JsonNode ro = JsonFields.requiredList(extra, "ro", "disk read-only extra.ro");
        for (JsonNode entry : ro) {
            JsonFields.requireObject(entry, "extra.ro[]");
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
}
