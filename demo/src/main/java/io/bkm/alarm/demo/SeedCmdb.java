package io.bkm.alarm.demo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bkm.alarm.cmdb.CmdbKeys;
import io.bkm.alarm.common.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * Writes a demo CMDB into Redis in bk-monitor's cache layout: hosts in businesses, cloud areas,
 * sets and modules, with the host-ip, agent-id, topo and business indexes.
 *
 * <p>Usage: {@code SeedCmdb <redis-host> <redis-port> <key-prefix> <hosts>}.
 */
public final class SeedCmdb {
    private SeedCmdb() {}

    /** One host to write. */
    public record Host(
            long hostId,
            String ip,
            int cloudId,
            int bizId,
            int setId,
            int moduleId,
            String agentId,
            String state,
            List<String> operators) {}

    /** A service instance on a host; {@code withAddress} false leaves ip and cloud to the host. */
    public record Instance(long id, Host host, boolean withAddress) {}

    public static void main(String[] args) {
        if (args.length != 4) {
            System.err.println("usage: SeedCmdb <redis-host> <redis-port> <key-prefix> <hosts>");
            System.exit(2);
        }
        int n = Integer.parseInt(args[3]);
        try (Jedis j = new Jedis(args[0], Integer.parseInt(args[1]))) {
            List<Host> hosts = demoHosts(n);
            write(j, new CmdbKeys(args[2]), hosts);
            writeInstances(
                    j,
                    new CmdbKeys(args[2]),
                    hosts.stream().map(h -> new Instance(h.hostId() + 400_000, h, true)).toList());
        }
        System.out.printf(
                "wrote %d hosts (one service instance each) in 3 businesses to the CMDB cache %s.*"
                        + " on %s:%s%n",
                n, args[2], args[0], args[1]);
    }

    /** Hosts 10.20.x.y in businesses 2, 3 and 4, ten sets and fifty modules, cloud area 0. */
    public static List<Host> demoHosts(int n) {
        List<Host> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String ip = "10." + (20 + i / 65536) + "." + (30 + (i / 256) % 200) + "." + (i % 256);
            out.add(
                    new Host(
                            100_000L + i,
                            ip,
                            0,
                            2 + i % 3,
                            100 + i % 10,
                            700 + i % 50,
                            String.format("02000000%028x", i),
                            "运营中[需告警]",
                            List.of("ops-" + (i % 7))));
        }
        return out;
    }

    public static void write(Jedis j, CmdbKeys keys, List<Host> hosts) {
        Pipeline p = j.pipelined();
        Map<String, List<String>> byIp = new TreeMap<>();
        for (Host h : hosts) {
            String json = Json.write(hostJson(h));
            p.hset(keys.host(), h.ip() + "|" + h.cloudId(), json);
            p.hset(keys.host(), Long.toString(h.hostId()), json);
            p.hset(keys.agentId(), h.agentId(), Long.toString(h.hostId()));
            byIp.computeIfAbsent(h.ip(), k -> new ArrayList<>()).add(h.ip() + "|" + h.cloudId());
            p.hset(keys.topo(), "module|" + h.moduleId(), topo("module", h.moduleId()));
            p.hset(keys.topo(), "set|" + h.setId(), topo("set", h.setId()));
            p.hset(keys.topo(), "biz|" + h.bizId(), topo("biz", h.bizId()));
            p.hset(
                    keys.business(),
                    Integer.toString(h.bizId()),
                    "{\"bk_biz_id\":" + h.bizId() + ",\"bk_biz_name\":\"biz-" + h.bizId() + "\"}");
        }
        byIp.forEach((ip, list) -> p.hset(keys.hostIp(), ip, Json.write(list)));
        p.sync();
    }

    /**
     * Service instances in the {@code service_instance} hash, as bk-monitor's worker writes them.
     */
    public static void writeInstances(Jedis j, CmdbKeys keys, List<Instance> instances) {
        Pipeline p = j.pipelined();
        for (Instance si : instances) {
            Host h = si.host();
            ObjectNode o = Json.MAPPER.createObjectNode();
            o.put("service_instance_id", si.id());
            o.put("name", "svc-" + si.id());
            o.put("bk_biz_id", h.bizId());
            o.put("bk_host_id", h.hostId());
            o.put("bk_module_id", h.moduleId());
            if (si.withAddress()) {
                o.put("ip", h.ip());
                o.put("bk_cloud_id", h.cloudId());
            }
            o.set("topo_link", hostJson(h).get("topo_link"));
            p.hset(keys.serviceInstance(), Long.toString(si.id()), Json.write(o));
        }
        p.sync();
    }

    static ObjectNode hostJson(Host h) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("bk_host_id", h.hostId());
        o.put("bk_host_innerip", h.ip());
        o.put("bk_host_innerip_v6", "");
        o.put("bk_cloud_id", h.cloudId());
        o.put("bk_biz_id", h.bizId());
        o.put("bk_agent_id", h.agentId());
        o.put("bk_state", h.state());
        ArrayNode ops = o.putArray("operator");
        h.operators().forEach(ops::add);
        o.putArray("bk_bak_operator");
        o.putArray("bk_set_ids").add(h.setId());
        o.putArray("bk_module_ids").add(h.moduleId());
        o.put("display_name", h.ip());
        ArrayNode link = o.putObject("topo_link").putArray("module|" + h.moduleId());
        link.addObject().put("bk_obj_id", "module").put("bk_inst_id", h.moduleId());
        link.addObject().put("bk_obj_id", "set").put("bk_inst_id", h.setId());
        link.addObject().put("bk_obj_id", "biz").put("bk_inst_id", h.bizId());
        return o;
    }

    private static String topo(String obj, int inst) {
        return "{\"bk_obj_id\":\""
                + obj
                + "\",\"bk_obj_name\":\""
                + obj
                + "\",\"bk_inst_id\":"
                + inst
                + ",\"bk_inst_name\":\""
                + obj
                + "-"
                + inst
                + "\"}";
    }
}
