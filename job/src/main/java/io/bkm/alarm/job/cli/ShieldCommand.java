package io.bkm.alarm.job.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bkm.alarm.common.InvalidInputException;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.shield.Shield;
import java.io.PrintStream;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bkm shield add | list | end ID}: shields in bk-monitor's shape on the config topic,
 * checked by the job's own parser before anything is written.
 */
final class ShieldCommand {
    private static final String PREFIX = "shield:";
    private static final Pattern DAILY = Pattern.compile("(\\d\\d:\\d\\d)-(\\d\\d:\\d\\d)");
    private static final DateTimeFormatter LOCAL =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm[:ss]");

    private ShieldCommand() {}

    static void run(CliArgs a, Services svc, PrintStream out) throws CliException {
        switch (a.word(1, "add, list or end")) {
            case "add" -> add(a, svc, out);
            case "list" -> list(svc, out);
            case "end" -> end(a.idWord(2, "a shield id"), svc, out);
            default -> throw new CliException("shield add …, shield list or shield end ID");
        }
    }

    private static void add(CliArgs a, Services svc, PrintStream out) throws CliException {
        Long given = a.longFlag("id");
        long id =
                given != null
                        ? given
                        : ConfigTopic.latest(svc, PREFIX).keySet().stream()
                                        .mapToLong(Long::longValue)
                                        .max()
                                        .orElse(0)
                                + 1;
        ObjectNode s = shield(a, id, zone(svc));
        svc.send(svc.settings.topics().config(), PREFIX + id, Json.write(s));
        out.printf("shield %d written to %s%n", id, svc.settings.topics().config());
    }

    /** The shield record {@code shield add}'s flags describe, as the job's own parser takes it. */
    static ObjectNode shield(CliArgs a, long id, ZoneId zone) throws CliException {
        if (a.longFlag("biz") == null) {
            throw new CliException("--biz is required");
        }
        ObjectNode s = Json.MAPPER.createObjectNode();
        s.put("id", id).put("bk_biz_id", a.longFlag("biz")).put("is_enabled", true);
        s.put("category", a.all("strategy").isEmpty() ? "dimension" : "strategy");
        s.put(
                "description",
                a.flag("description") == null ? "added by bkm" : a.flag("description"));
        s.put("begin_time", time(a.flag("from") == null ? "now" : a.flag("from"), zone, "--from"));
        if (a.flag("to") == null) {
            throw new CliException("--to is required");
        }
        s.put("end_time", time(a.flag("to"), zone, "--to"));
        ObjectNode cycle = s.putObject("cycle_config").put("type", 1);
        if (a.flag("daily") != null) {
            Matcher m = DAILY.matcher(a.flag("daily"));
            if (!m.matches()) {
                throw new CliException("--daily must be HH:MM-HH:MM, not " + a.flag("daily"));
            }
            cycle.put("type", 2)
                    .put("begin_time", m.group(1) + ":00")
                    .put("end_time", m.group(2) + ":00");
        }
        ObjectNode dims = s.putObject("dimension_config");
        if (!a.all("strategy").isEmpty()) {
            var ids = dims.putArray("strategy_id");
            for (String v : a.all("strategy")) {
                try {
                    ids.add(Long.parseLong(v));
                } catch (NumberFormatException e) {
                    throw new CliException("--strategy must be a number, not " + v);
                }
            }
        }
        for (String kv : a.all("dimension")) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new CliException("--dimension must be key=value, not " + kv);
            }
            dims.withArray(kv.substring(0, eq)).add(kv.substring(eq + 1));
        }
        try {
            Shield.parse(s, id, zone);
        } catch (InvalidInputException e) {
            throw new CliException("the shield is refused: " + e.getMessage());
        }
        return s;
    }

    private static void list(Services svc, PrintStream out) throws CliException {
        ZoneId zone = zone(svc);
        out.printf(
                "%-6s %-6s %-19s %-19s %-13s %s%n",
                "ID", "BIZ", "FROM", "TO", "DAILY", "DIMENSIONS");
        for (Map.Entry<Long, String> e : ConfigTopic.latest(svc, PREFIX).entrySet()) {
            if (e.getValue() == null) {
                continue; // ended
            }
            JsonNode s = ConfigTopic.json(e.getValue());
            JsonNode cycle = s.path("cycle_config");
            out.printf(
                    "%-6d %-6s %-19s %-19s %-13s %s%n",
                    e.getKey(),
                    s.path("bk_biz_id").asText(),
                    shown(s.path("begin_time"), zone),
                    shown(s.path("end_time"), zone),
                    cycle.path("type").asInt(1) == 2
                            ? cycle.path("begin_time").asText()
                                    + "-"
                                    + cycle.path("end_time").asText()
                            : "-",
                    s.path("dimension_config"));
        }
    }

    private static void end(long id, Services svc, PrintStream out) throws CliException {
        if (ConfigTopic.latest(svc, PREFIX).get(id) == null) {
            throw new CliException("no shield " + id);
        }
        svc.send(svc.settings.topics().config(), PREFIX + id, null);
        out.printf("shield %d ended%n", id);
    }

    /** {@code now}, {@code +2h} or {@code -10m} from now, epoch seconds, or a local date-time. */
    static long time(String v, ZoneId zone, String flag) throws CliException {
        long now = Instant.now().getEpochSecond();
        if (v.equals("now")) {
            return now;
        }
        if (v.startsWith("+") || v.startsWith("-")) {
            long seconds = CliArgs.parseDuration(v.substring(1), flag).toSeconds();
            return v.startsWith("+") ? now + seconds : now - seconds;
        }
        if (v.matches("\\d{9,11}")) {
            return Long.parseLong(v);
        }
        try {
            return LocalDateTime.parse(v, LOCAL).atZone(zone).toEpochSecond();
        } catch (DateTimeParseException e) {
            throw new CliException(
                    flag
                            + " must be now, +2h, -10m, epoch seconds or YYYY-MM-DD HH:MM[:SS], not"
                            + " "
                            + v);
        }
    }

    private static String shown(JsonNode t, ZoneId zone) {
        if (t.isNumber()) {
            return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
                    .withZone(zone)
                    .format(Instant.ofEpochSecond(t.asLong()));
        }
        return t.asText("-");
    }

    private static ZoneId zone(Services svc) {
        return ZoneId.of(svc.settings.alert().state().shieldTimeZone());
    }
}
