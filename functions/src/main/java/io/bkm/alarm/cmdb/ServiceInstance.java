package io.bkm.alarm.cmdb;

import com.fasterxml.jackson.databind.JsonNode;
import io.bkm.alarm.common.Json;
import java.io.IOException;

/**
 * What event enrichment needs of a CMDB service instance (behaviour spec §6.2 {@code
 * service_instance} hash). {@code ip} and {@code cloudId} are null when the cached instance does
 * not carry them; they then come from its host.
 */
public record ServiceInstance(
        String id, String bizId, long hostId, String ip, Integer cloudId, String[] topoNodes) {

    public static ServiceInstance parse(String json) throws IOException {
        JsonNode n = Json.MAPPER.readTree(json);
        JsonNode id = n == null ? null : n.path("service_instance_id");
        if (id == null || id.isMissingNode()) {
            id = n == null ? null : n.path("id");
        }
        if (id == null || id.isMissingNode() || id.asText().isEmpty()) {
            throw new IOException("not a service instance");
        }
        return new ServiceInstance(
                id.asText(),
                n.path("bk_biz_id").isMissingNode() ? null : n.get("bk_biz_id").asText(),
                n.path("bk_host_id").asLong(0),
                n.hasNonNull("ip") ? n.get("ip").asText() : null,
                n.hasNonNull("bk_cloud_id") ? n.get("bk_cloud_id").asInt() : null,
                HostJson.topoNodes(n.path("topo_link")));
    }

    ServiceInstance withHostAddress(String hostIp, int hostCloud) {
        return new ServiceInstance(id, bizId, hostId, hostIp, hostCloud, topoNodes);
    }
}
