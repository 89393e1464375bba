package io.bkm.alarm.cmdb;

import io.bkm.alarm.model.HostInfo;
import io.bkm.alarm.strategy.Strategy;
import io.bkm.alarm.strategy.TargetScope;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The hosts of the CMDB cache's host hash that a strategy item's target holds: bk-monitor resolves
 * topology-node targets this way for no-data detection (behaviour spec §5.4), so a host under a
 * watched module that never reports is missing too.
 */
public final class ScopeHosts {
    private ScopeHosts() {}

    /** Whether the target names topology nodes (or host ids), which only the CMDB can expand. */
    public static boolean needsCmdb(Strategy.Item item) {
        for (List<Strategy.TargetRule> group : item.target) {
            for (Strategy.TargetRule r : group) {
                if (!r.field.equals("ip") && !r.field.equals("bk_target_ip")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * {@code "ip|cloud"} of the hosts of business {@code bizId} in the item's target, sorted.
     *
     * @param hostHash the {@code host} hash: fields {@code ip|cloud} and {@code bk_host_id}, each a
     *     host's JSON (only the {@code ip|cloud} ones are read, so each host counts once)
     */
    public static String[] of(Strategy.Item item, long bizId, Map<String, String> hostHash) {
        TreeSet<String> out = new TreeSet<>();
        for (Map.Entry<String, String> e : hostHash.entrySet()) {
            if (!e.getKey().contains("|")) {
                continue;
            }
            HostInfo h;
            try {
                h = HostJson.parse(e.getValue());
            } catch (IOException | RuntimeException bad) {
                continue; // a host the cache holds badly is no host to wait for
            }
            if (Long.toString(bizId).equals(h.bizId) && TargetScope.contains(item.target, h)) {
                out.add(h.ip + "|" + h.cloudId);
            }
        }
        return out.toArray(new String[0]);
    }
}
