package io.bkm.alarm.cmdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bkm.alarm.common.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Which BlueKing CMDB calls answer a missing cache key, and how their answers become the value the
 * cache would hold (behaviour spec §6.2), so everything downstream reads one format. Hosts come
 * from {@code list_hosts_without_biz} (host search across businesses) and their business, set and
 * module from {@code find_host_biz_relations}. Other keys (topo, service instances, businesses) are
 * not asked: bk-monitor's cache worker fills those from per-business calls.
 */
public final class CmdbApiMapping {
    static final List<String> HOST_FIELDS =
            List.of(
                    "bk_host_id",
                    "bk_host_innerip",
                    "bk_host_innerip_v6",
                    "bk_cloud_id",
                    "bk_agent_id",
                    "bk_host_name",
                    "operator",
                    "bk_bak_operator",
                    "bk_state");
    private static final Pattern DIGITS = Pattern.compile("\\d{1,18}");
    private static final Pattern IP_CLOUD = Pattern.compile("([^|]+)\\|(\\d{1,9})");

    private CmdbApiMapping() {}

    /** What a cache key asks for. */
    public enum Answer {
        /** The host JSON. */
        HOST,
        /** The JSON list of {@code "ip|cloud"} of every host with the IP. */
        IP_CLOUD_LIST,
        /** The host id. */
        HOST_ID
    }

    /** A host search and the shape of its answer. */
    public record Query(Answer answer, ObjectNode hostFilter) {}

    /** The host search that answers {@code key}/{@code field}; empty for keys the API does not. */
    public static Optional<Query> query(CmdbKeys keys, String key, String field) {
        if (key.equals(keys.host())) {
            if (DIGITS.matcher(field).matches()) {
                return Optional.of(
                        new Query(Answer.HOST, filter(rule("bk_host_id", Long.parseLong(field)))));
            }
            var m = IP_CLOUD.matcher(field);
            if (m.matches()) {
                return Optional.of(
                        new Query(
                                Answer.HOST,
                                filter(
                                        rule("bk_host_innerip", m.group(1)),
                                        rule("bk_cloud_id", Integer.parseInt(m.group(2))))));
            }
        } else if (key.equals(keys.hostIp()) && !field.isEmpty()) {
            return Optional.of(
                    new Query(Answer.IP_CLOUD_LIST, filter(rule("bk_host_innerip", field))));
        } else if (key.equals(keys.agentId()) && !field.isEmpty()) {
            return Optional.of(new Query(Answer.HOST_ID, filter(rule("bk_agent_id", field))));
        }
        return Optional.empty();
    }

    /** The body of {@code list_hosts_without_biz} (without the caller's credentials). */
    public static ObjectNode listHostsRequest(Query q) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.putObject("page").put("start", 0).put("limit", 500);
        ArrayNode fields = body.putArray("fields");
        HOST_FIELDS.forEach(fields::add);
        body.set("host_property_filter", q.hostFilter());
        return body;
    }

    /** The body of {@code find_host_biz_relations}. */
    public static ObjectNode relationsRequest(List<Long> hostIds) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode ids = body.putArray("bk_host_id");
        hostIds.forEach(ids::add);
        return body;
    }

    /**
     * The {@code data} of a CMDB answer; an answer with {@code result: false} is an error (the CMDB
     * could not answer), not "nothing found".
     */
    public static JsonNode data(String responseBody) throws IOException {
        JsonNode n = Json.MAPPER.readTree(responseBody);
        if (n == null || !n.path("result").asBoolean(false)) {
            throw new IOException(
                    "CMDB error "
                            + (n == null ? "empty answer" : n.path("code").asText())
                            + ": "
                            + (n == null ? "" : n.path("message").asText()));
        }
        return n.path("data");
    }

    /** The hosts of a {@code list_hosts_without_biz} answer's data. */
    public static List<JsonNode> hosts(JsonNode listHostsData) {
        List<JsonNode> out = new ArrayList<>();
        listHostsData.path("info").forEach(out::add);
        return out;
    }

    public static List<Long> hostIds(List<JsonNode> hosts) {
        return hosts.stream().map(h -> h.path("bk_host_id").asLong()).toList();
    }

    /** The cache value for the query, or null when no host matched. */
    public static String answer(Query q, List<JsonNode> hosts, JsonNode relations) {
        if (hosts.isEmpty()) {
            return null;
        }
        return switch (q.answer()) {
            case HOST -> Json.write(hostJson(hosts.get(0), relations));
            case HOST_ID -> hosts.get(0).path("bk_host_id").asText();
            case IP_CLOUD_LIST -> {
                TreeSet<String> keys = new TreeSet<>();
                hosts.forEach(
                        h ->
                                keys.add(
                                        h.path("bk_host_innerip").asText()
                                                + "|"
                                                + h.path("bk_cloud_id").asInt(0)));
                yield Json.write(new ArrayList<>(keys));
            }
        };
    }

    /**
     * Host JSON in the cache's shape: the host's properties, its business, sets, modules and a
     * {@code topo_link} of module → set → business per module. Custom levels between set and
     * business would need the business topology and are not included.
     */
    static ObjectNode hostJson(JsonNode host, JsonNode relations) {
        long hostId = host.path("bk_host_id").asLong();
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("bk_host_id", hostId);
        o.put("bk_host_innerip", host.path("bk_host_innerip").asText(""));
        o.put("bk_host_innerip_v6", host.path("bk_host_innerip_v6").asText(""));
        o.put("bk_cloud_id", host.path("bk_cloud_id").asInt(0));
        o.put("bk_agent_id", host.path("bk_agent_id").asText(""));
        o.put("bk_host_name", host.path("bk_host_name").asText(""));
        o.put("bk_state", host.path("bk_state").asText(""));
        o.set("operator", users(host.path("operator")));
        o.set("bk_bak_operator", users(host.path("bk_bak_operator")));
        Map<Long, long[]> modules = new LinkedHashMap<>();
        TreeSet<Long> sets = new TreeSet<>();
        Long biz = null;
        for (JsonNode r : relations) {
            if (r.path("bk_host_id").asLong() != hostId) {
                continue;
            }
            long b = r.path("bk_biz_id").asLong();
            long set = r.path("bk_set_id").asLong();
            biz = biz == null ? b : biz;
            sets.add(set);
            modules.put(r.path("bk_module_id").asLong(), new long[] {set, b});
        }
        if (biz != null) {
            o.put("bk_biz_id", biz);
        }
        ArrayNode setIds = o.putArray("bk_set_ids");
        sets.forEach(setIds::add);
        ArrayNode moduleIds = o.putArray("bk_module_ids");
        modules.keySet().forEach(moduleIds::add);
        ObjectNode links = o.putObject("topo_link");
        modules.forEach(
                (module, setAndBiz) -> {
                    ArrayNode chain = links.putArray("module|" + module);
                    chain.addObject().put("bk_obj_id", "module").put("bk_inst_id", module);
                    chain.addObject().put("bk_obj_id", "set").put("bk_inst_id", setAndBiz[0]);
                    chain.addObject().put("bk_obj_id", "biz").put("bk_inst_id", setAndBiz[1]);
                });
        return o;
    }

    /** The CMDB keeps user lists as comma-separated strings; the cache as arrays. */
    private static ArrayNode users(JsonNode n) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        if (n.isArray()) {
            n.forEach(u -> out.add(u.asText()));
        } else if (n.isTextual()) {
            for (String u : n.textValue().split(",")) {
                if (!u.isBlank()) {
                    out.add(u.trim());
                }
            }
        }
        return out;
    }

    private static ObjectNode rule(String field, Object value) {
        ObjectNode r = Json.MAPPER.createObjectNode();
        r.put("field", field).put("operator", "equal");
        r.set("value", Json.MAPPER.valueToTree(value));
        return r;
    }

    private static ObjectNode filter(ObjectNode... rules) {
        ObjectNode f = Json.MAPPER.createObjectNode();
        f.put("condition", "AND");
        ArrayNode rs = f.putArray("rules");
        for (ObjectNode r : rules) {
            rs.add(r);
        }
        return f;
    }
}
