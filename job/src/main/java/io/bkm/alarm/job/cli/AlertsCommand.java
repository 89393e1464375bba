package io.bkm.alarm.job.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bkm.alarm.common.Json;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** {@code bkm alerts}: the alerts in Elasticsearch, newest first, as a table or JSON lines. */
final class AlertsCommand {
    private AlertsCommand() {}

    static void run(CliArgs a, Services svc, PrintStream out) throws CliException {
        ObjectNode query = Json.MAPPER.createObjectNode();
        Long limit = a.longFlag("limit");
        query.put("size", limit == null ? 200 : limit);
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
        AlertTable.print(alerts, out);
        out.printf("%d alerts%n", alerts.size());
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
