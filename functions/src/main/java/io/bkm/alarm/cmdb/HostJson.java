package io.bkm.alarm.cmdb;

import com.fasterxml.jackson.databind.JsonNode;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.model.HostInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/** Host JSON from the CMDB cache to {@link HostInfo}. */
public final class HostJson {
    private HostJson() {}

    public static HostInfo parse(String json) throws IOException {
        JsonNode n = Json.MAPPER.readTree(json);
        if (n == null || !n.isObject() || !n.has("bk_host_id")) {
            throw new IOException(
                    "not a host: " + (json.length() > 80 ? json.substring(0, 80) : json));
        }
        HostInfo h = new HostInfo();
        h.hostId = n.get("bk_host_id").asLong();
        h.ip = n.path("bk_host_innerip").asText("");
        h.ipv6 = n.path("bk_host_innerip_v6").asText("");
        h.cloudId = n.path("bk_cloud_id").asInt(0);
        h.bizId = n.path("bk_biz_id").asText("");
        h.agentId = n.path("bk_agent_id").asText("");
        h.operators = strings(n.path("operator"));
        h.bakOperators = strings(n.path("bk_bak_operator"));
        h.state = n.path("bk_state").asText("");
        h.topoNodes = topoNodes(n.path("topo_link"));
        return h;
    }

    /** Sorted unique {@code "obj|inst"} over every chain of a {@code topo_link} object. */
    static String[] topoNodes(JsonNode topoLink) {
        TreeSet<String> nodes = new TreeSet<>();
        Iterator<JsonNode> links = topoLink.elements();
        while (links.hasNext()) {
            for (JsonNode node : links.next()) {
                nodes.add(node.path("bk_obj_id").asText() + "|" + node.path("bk_inst_id").asText());
            }
        }
        return nodes.toArray(new String[0]);
    }

    private static String[] strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n.isArray()) {
            n.forEach(x -> out.add(x.asText()));
        } else if (n.isTextual() && !n.textValue().isEmpty()) {
            for (String s : n.textValue().split(",")) {
                out.add(s.trim());
            }
        }
        return out.toArray(new String[0]);
    }
}
