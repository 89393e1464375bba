package io.bkm.alarm.job.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bkm.alarm.common.Json;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** {@code bkm alerts}: the alerts in Elasticsearch, newest first, as a table or JSON lines. */
final class AlertsCommand {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private AlertsCommand() {}

    static void run(CliArgs a, Services svc, PrintStream out) throws CliException {
        ObjectNode query = Json.MAPPER.createObjectNode();
        query.put("size", a.longFlag("limit") == null ? 200 : a.longFlag("limit"));
        ArrayNode filters = query.putObject("query").putObject("bool").putArray("filter");
        long since =
                Instant.now().getEpochSecond()
                        - a.duration("since", Duration.ofDays(1)).toSeconds();
        filters.addObject().putObject("range").putObject("create_time").put("gte", since);
        if (a.flag("status") != null) {
            filters.addObject().putObject("term").put("status", a.flag("status").toUpperCase());
        }
        if (a.flag("biz") != null) {
            filters.addObject().putObject("term").put("bk_biz_id", a.flag("biz"));
        }
        if (a.longFlag("strategy") != null) {
            filters.addObject().putObject("term").put("strategy_id", a.flag("strategy"));
        }
        query.putArray("sort").addObject().put("create_time", "desc");
        List<JsonNode> alerts =
                svc.search(svc.settings.elasticsearch().alertIndex(), Json.write(query));
        if (a.has("json")) {
            alerts.forEach(x -> out.println(Json.write(x)));
            return;
        }
        out.printf(
                "%-20s %-10s %-3s %-6s %-8s %-14s %-14s %s%n",
                "ID", "STATUS", "SEV", "EVENTS", "STRATEGY", "BEGIN (UTC)", "FLAGS", "NAME");
        for (JsonNode x : alerts) {
            out.printf(
                    "%-20s %-10s %-3s %-6s %-8s %-14s %-14s %s%n",
                    x.path("id").asText(),
                    x.path("status").asText(),
                    x.path("severity").asText(),
                    x.path("event_count").asText(),
                    x.path("strategy_id").asText("-"),
                    TIME.format(Instant.ofEpochSecond(x.path("begin_time").asLong())),
                    flags(x),
                    x.path("alert_name").asText());
        }
        out.printf("%d alerts%n", alerts.size());
    }

    private static String flags(JsonNode x) {
        StringBuilder b = new StringBuilder();
        if (x.path("is_ack").asBoolean()) {
            b.append("acked ");
        }
        if (x.path("is_shielded").asBoolean()) {
            b.append("shielded ");
        }
        if (x.path("is_flapping").asBoolean()) {
            b.append("flapping ");
        }
        return b.isEmpty() ? "-" : b.toString().trim();
    }

    /** The alert document with {@code id}, or a message saying there is none. */
    static JsonNode find(Services svc, String id) throws CliException {
        ObjectNode query = Json.MAPPER.createObjectNode();
        query.putObject("query").putObject("ids").putArray("values").add(id);
        List<JsonNode> hits =
                svc.search(svc.settings.elasticsearch().alertIndex(), Json.write(query));
        if (hits.isEmpty()) {
            throw new CliException(
                    "no alert " + id + " in " + svc.settings.elasticsearch().alertIndex() + "_*");
        }
        return hits.get(0);
    }
}
