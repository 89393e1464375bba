package io.bkm.alarm.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import io.bkm.alarm.model.HostInfo;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * A strategy item's target scope against a resolved host (bk-monitor's RangeFilter): groups are
 * OR-ed, rules within a group AND-ed; no rules means every host. Template-based scopes (set or
 * service templates) need per-business CMDB calls and are refused when the strategy is read.
 */
public final class TargetScope {
    public static final Set<String> FIELDS =
            Set.of(
                    "ip",
                    "bk_target_ip",
                    "bk_host_id",
                    "host_id",
                    "host_topo_node",
                    "service_topo_node",
                    "bk_topo_node");

    private TargetScope() {}

    public static boolean contains(List<List<Strategy.TargetRule>> scope, HostInfo host) {
        if (scope.isEmpty() || scope.stream().allMatch(List::isEmpty)) {
            return true;
        }
        for (List<Strategy.TargetRule> group : scope) {
            if (!group.isEmpty() && group.stream().allMatch(r -> rule(r, host))) {
                return true;
            }
        }
        return false;
    }

    private static boolean rule(Strategy.TargetRule r, HostInfo host) {
        boolean in = false;
        for (JsonNode v : r.value) {
            in |=
                    switch (r.field) {
                        case "ip", "bk_target_ip" -> {
                            String ip =
                                    v.path(v.has("bk_target_ip") ? "bk_target_ip" : "ip").asText();
                            JsonNode cloud =
                                    v.has("bk_target_cloud_id")
                                            ? v.get("bk_target_cloud_id")
                                            : v.get("bk_cloud_id");
                            yield ip.equals(host.ip)
                                    && (cloud == null || cloud.asInt() == host.cloudId);
                        }
                        case "bk_host_id", "host_id" ->
                                (v.isObject() ? v.path("bk_host_id").asLong() : v.asLong())
                                        == host.hostId;
                        default -> {
                            String node =
                                    v.path("bk_obj_id").asText()
                                            + "|"
                                            + v.path("bk_inst_id").asText();
                            yield host.topoNodes != null
                                    && Arrays.asList(host.topoNodes).contains(node);
                        }
                    };
        }
        return r.method.equals("eq") == in;
    }
}
