package io.bkm.alarm.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bkm.alarm.common.InvalidInputException;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.gse.GseDimensions;
import io.bkm.alarm.gse.GseTypes;
import io.bkm.alarm.model.GseRecord;
import io.bkm.alarm.model.HostInfo;
import io.bkm.alarm.model.Tag;
import io.bkm.alarm.trigger.Anomalies;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A strategy record arrives on a compacted topic that is replayed at every start: one that makes an
 * operator throw would stop the job for good. Every field of a full strategy is replaced by null
 * and by values of the wrong type; each variant must either be refused with a reason or be usable
 * by everything that reads strategies.
 */
class StrategyMutationTest {
    private static final List<JsonNode> REPLACEMENTS = replacements();

    private static List<JsonNode> replacements() {
        try {
            return List.of(
                    Json.MAPPER.nullNode(),
                    Json.MAPPER.readTree("\"x\""),
                    Json.MAPPER.readTree("-1"),
                    Json.MAPPER.readTree("1.5"),
                    Json.MAPPER.readTree("true"),
                    Json.MAPPER.readTree("[]"),
                    Json.MAPPER.readTree("{}"),
                    Json.MAPPER.readTree("[null]"),
                    Json.MAPPER.readTree("[[null]]"),
                    Json.MAPPER.readTree("[{}]"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A shipped strategy with every optional part filled in. */
    private static ObjectNode full() throws Exception {
        ObjectNode s = (ObjectNode) Json.MAPPER.readTree(StrategiesTest.SHIPPED.get(3L));
        s.put("priority", 10).put("priority_group_key", "disk");
        ObjectNode item = (ObjectNode) s.path("items").get(0);
        item.set(
                "agg_condition",
                Json.MAPPER.readTree(
                        "[{\"key\":\"disk\",\"method\":\"reg\",\"value\":[\"^/data\"]},"
                            + "{\"key\":\"free\",\"method\":\"lt\",\"value\":[\"5\"],\"condition\":\"and\"},"
                            + "{\"key\":\"fstype\",\"method\":\"include\",\"value\":[\"ext\"],\"condition\":\"or\"}]"));
        item.set(
                "target",
                Json.MAPPER.readTree(
                        "[[{\"field\":\"host_topo_node\",\"method\":\"eq\","
                            + "\"value\":[{\"bk_obj_id\":\"set\",\"bk_inst_id\":120}]}],"
                            + "[{\"field\":\"ip\",\"method\":\"neq\",\"value\":[{\"ip\":\"10.0.0.1\",\"bk_cloud_id\":0}]}]]"));
        ((ObjectNode) s.path("notice").path("config").path("upgrade_config"))
                .put("is_enabled", true);
        return s;
    }

    @Test
    void everyMutatedStrategyIsRefusedWithAReasonOrUsable() throws Exception {
        ObjectNode base = full();
        List<String> accepted = new ArrayList<>();
        int variants = 0;
        for (List<Object> path : paths(base, new ArrayList<>(), new ArrayList<>())) {
            for (JsonNode replacement : REPLACEMENTS) {
                ObjectNode variant = base.deepCopy();
                set(variant, path, replacement);
                variants++;
                try {
                    Strategy s = StrategyParser.parse(variant, null);
                    use(s, variant);
                    accepted.add(path + "=" + replacement);
                } catch (InvalidInputException expected) {
                    assertThat(expected.getMessage()).startsWith("strategy");
                }
            }
        }
        System.out.printf(
                "[strategy-mutation] %d variants, %d accepted and used%n",
                variants, accepted.size());
        assertThat(variants).isGreaterThan(500);
        // the checks bite: most variants of a valid strategy are refused
        assertThat(accepted.size()).isLessThan(variants / 2);
    }

    /** Everything that reads a strategy after it was accepted. */
    private static void use(Strategy s, ObjectNode json) {
        StrategyIndex index = StrategyIndex.of(Map.of(s.id, Json.write(json)), List.of());
        HostInfo h = new HostInfo();
        h.hostId = 1;
        h.ip = "10.0.0.2";
        h.bizId = "0";
        h.topoNodes = new String[] {"set|120"};
        for (String metric : s.firstItem().metricIds) {
            index.bound(s.bkBizId, metric);
        }
        ConditionMatcher.matches(
                s.firstItem().aggCondition, Map.of("disk", "/data", "free", "3", "fstype", "ext4"));
        TargetScope.contains(s.firstItem().target, h);
        GseRecord r = new GseRecord();
        r.type = GseTypes.DISK_FULL;
        r.metricId = GseTypes.METRIC_IDS.get(GseTypes.DISK_FULL);
        r.time = 1_716_950_033L;
        r.receivedAt = r.time;
        r.message = "m";
        r.dimensions = new Tag[] {new Tag("disk", "/data")};
        r.hostInfo = h;
        var anomaly = Anomalies.of(r, GseDimensions.md5(r), s);
        Anomalies.event(anomaly, 0, List.of(anomaly.anomalyIds[0]));
    }

    /** Paths to every node below the root: object field names and array indexes. */
    private static List<List<Object>> paths(JsonNode n, List<Object> at, List<List<Object>> out) {
        if (n instanceof ObjectNode o) {
            o.fieldNames()
                    .forEachRemaining(
                            f -> {
                                List<Object> p = new ArrayList<>(at);
                                p.add(f);
                                out.add(p);
                                paths(o.get(f), p, out);
                            });
        } else if (n instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                List<Object> p = new ArrayList<>(at);
                p.add(i);
                out.add(p);
                paths(a.get(i), p, out);
            }
        }
        return out;
    }

    private static void set(JsonNode root, List<Object> path, JsonNode value) {
        JsonNode parent = root;
        for (Object step : path.subList(0, path.size() - 1)) {
            parent = step instanceof String f ? parent.get(f) : parent.get((Integer) step);
        }
        Object last = path.get(path.size() - 1);
        Consumer<ContainerNode<?>> put =
                c -> {
                    if (c instanceof ObjectNode o) {
                        o.set((String) last, value);
                    } else {
                        ((ArrayNode) c).set((Integer) last, value);
                    }
                };
        put.accept((ContainerNode<?>) parent);
    }
}
