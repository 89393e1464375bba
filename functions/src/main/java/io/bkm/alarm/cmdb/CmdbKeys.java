package io.bkm.alarm.cmdb;

import java.io.Serializable;

/**
 * bk-monitor's CMDB cache layout in Redis (behaviour spec §6.2, contract §6): hashes under one
 * prefix, {@code bkm.cache.cmdb} by default.
 */
public record CmdbKeys(String prefix) implements Serializable {
    /** Fields {@code "ip|cloud"} and {@code "bk_host_id"}, value host JSON. */
    public String host() {
        return prefix + ".host";
    }

    /** Field ip, value JSON list of {@code "ip|cloud"}. */
    public String hostIp() {
        return prefix + ".host_ip";
    }

    /** Field agent id, value {@code bk_host_id}. */
    public String agentId() {
        return prefix + ".agent_id";
    }

    /** Field {@code "obj|inst"}, value topo node JSON. */
    public String topo() {
        return prefix + ".topo";
    }

    /** Field instance id, value service instance JSON (with {@code bk_host_id}). */
    public String serviceInstance() {
        return prefix + ".service_instance";
    }

    /** Field biz id, value business JSON. */
    public String business() {
        return prefix + ".business";
    }
}
