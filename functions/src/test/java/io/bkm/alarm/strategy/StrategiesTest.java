package io.bkm.alarm.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bkm.alarm.common.InvalidInputException;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.model.HostInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class StrategiesTest {
    static final Map<Long, String> SHIPPED = shipped();

    static Map<Long, String> shipped() {
        try {
            return Strategies.load(Path.of("../conf/strategies"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A shipped strategy as a mutable tree, to derive variants from. */
    static ObjectNode builtin(long id) throws Exception {
        return (ObjectNode) Json.MAPPER.readTree(SHIPPED.get(id));
    }

    @Test
    void theShippedStrategiesCarryBkMonitorsDefaults() throws Exception {
        assertThat(SHIPPED).containsOnlyKeys(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
        StrategyIndex index = StrategyIndex.of(SHIPPED, List.of());
        Strategy agent = index.bound(5, "bk_monitor.agent-gse").get(0);
        assertThat(agent.detect(2).triggerConfig.count).isEqualTo(3);
        assertThat(agent.detect(2).triggerConfig.checkWindow).isEqualTo(10);
        assertThat(agent.detect(2).recoveryConfig.checkWindow).isEqualTo(10);
        assertThat(agent.detect(2).recoveryConfig.statusSetter).isEqualTo("close");
        Strategy readOnly = index.bound(5, "bk_monitor.disk-readonly-gse").get(0);
        assertThat(readOnly.detect(2).triggerConfig.checkWindow).isEqualTo(20);
        Strategy ping = index.bound(5, "bk_monitor.ping-gse").get(0);
        assertThat(ping.detect(2).triggerConfig.count).isEqualTo(3);
        assertThat(ping.detect(2).recoveryConfig.statusSetter).isEqualTo("recovery");
        for (String m : List.of("bk_monitor.corefile-gse", "bk_monitor.oom-gse")) {
            Strategy s = index.bound(5, m).get(0);
            assertThat(s.detect(2).triggerConfig.count).isEqualTo(1);
            assertThat(s.detect(2).triggerConfig.checkWindow).isEqualTo(5);
        }
        assertThat(index.bound(5, "bk_monitor.gse_custom_event")).isEmpty();
        // the fake events of os/v1.py: 1 in 5 windows, recovery after 5; OS restart closes
        Strategy restart = index.bound(5, "bk_monitor.os_restart").get(0);
        assertThat(restart.firstItem().aggDimension)
                .containsExactly("bk_target_ip", "bk_target_cloud_id");
        assertThat(restart.firstItem().aggMethod).isEqualTo("MAX");
        assertThat(restart.detect(2).recoveryConfig.statusSetter).isEqualTo("close");
        Strategy port = index.bound(5, "bk_monitor.proc_port").get(0);
        assertThat(port.firstItem().aggDimension).contains("display_name", "nonlisten");
        for (Strategy s : List.of(restart, port)) {
            assertThat(s.detect(2).triggerConfig.count).isEqualTo(1);
            assertThat(s.detect(2).triggerConfig.checkWindow).isEqualTo(5);
            assertThat(s.detect(2).recoveryConfig.checkWindow).isEqualTo(5);
        }
    }

    @Test
    void aBusinessStrategyReplacesTheBuiltInForThatBusinessOnly() throws Exception {
        ObjectNode own = builtin(3);
        own.put("id", 3051).put("bk_biz_id", 5).put("name", "Disk full (biz 5)");
        ObjectNode off = builtin(1);
        off.put("id", 900).put("bk_biz_id", 7).put("enabled", false);
        Map<Long, String> runtime = new TreeMap<>();
        runtime.put(3051L, Json.write(own));
        runtime.put(900L, Json.write(off));
        runtime.put(6L, ""); // tombstone: the built-in ping strategy is gone
        StrategyIndex index = StrategyIndex.of(SHIPPED, runtime.entrySet());
        assertThat(index.bound(5, "bk_monitor.disk-full-gse"))
                .extracting(s -> s.id)
                .containsExactly(3051L);
        assertThat(index.bound(2, "bk_monitor.disk-full-gse"))
                .extracting(s -> s.id)
                .containsExactly(3L);
        // a disabled business strategy switches the built-in off for that business
        assertThat(index.bound(7, "bk_monitor.agent-gse")).isEmpty();
        assertThat(index.bound(2, "bk_monitor.agent-gse"))
                .extracting(s -> s.id)
                .containsExactly(1L);
        assertThat(index.bound(2, "bk_monitor.ping-gse")).isEmpty();
    }

    @Test
    void invalidStrategiesAreRefusedWithTheFieldNamed() throws Exception {
        assertThatThrownBy(() -> StrategyParser.parse(builtin(1), 2L))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("does not match");
        ObjectNode noItems = builtin(1);
        noItems.putArray("items");
        assertThatThrownBy(() -> StrategyParser.parse(noItems, null)).hasMessageContaining("items");
        ObjectNode badWindow = builtin(1);
        ((ObjectNode) badWindow.path("detects").get(0).path("trigger_config"))
                .put("check_window", 2);
        assertThatThrownBy(() -> StrategyParser.parse(badWindow, null))
                .hasMessageContaining("check_window");
        ObjectNode badSetter = builtin(1);
        ((ObjectNode) badSetter.path("detects").get(0).path("recovery_config"))
                .put("status_setter", "maybe");
        assertThatThrownBy(() -> StrategyParser.parse(badSetter, null))
                .hasMessageContaining("status_setter");
        ObjectNode badRegex = builtin(3);
        StrategyJson.withItemField(
                badRegex,
                "agg_condition",
                "[{\"key\":\"disk\",\"method\":\"reg\",\"value\":[\"([\"]}]");
        assertThatThrownBy(() -> StrategyParser.parse(badRegex, null))
                .hasMessageContaining("regular expression");
        ObjectNode badTarget = builtin(3);
        StrategyJson.withItemField(
                badTarget,
                "target",
                "[[{\"field\":\"host_template\",\"method\":\"eq\",\"value\":[]}]]");
        assertThatThrownBy(() -> StrategyParser.parse(badTarget, null))
                .hasMessageContaining("host_template");
        ObjectNode badLevel = builtin(3);
        ((ObjectNode) badLevel.path("items").get(0).path("algorithms").get(0)).put("level", 1);
        assertThatThrownBy(() -> StrategyParser.parse(badLevel, null))
                .hasMessageContaining("no detects entry");
        assertThatThrownBy(() -> StrategyParser.parse(Json.MAPPER.readTree("{\"id\":\"x\"}"), null))
                .isInstanceOf(InvalidInputException.class);
    }

    static Strategy.Condition cond(String key, String method, String join, String... values) {
        Strategy.Condition c = new Strategy.Condition();
        c.key = key;
        c.method = method;
        c.condition = join;
        c.value = List.of(values);
        return c;
    }

    @Test
    void conditionsAreAndedWithinGroupsAndOredAcrossThem() {
        Map<String, Object> dims =
                Map.of(
                        "disk",
                        "/data1",
                        "fstype",
                        "ext4",
                        "free",
                        "3",
                        "bk_topo_node",
                        List.of("set|1", "biz|2"));
        assertThat(ConditionMatcher.matches(List.of(), dims)).isTrue();
        assertThat(ConditionMatcher.matches(List.of(cond("disk", "eq", "and", "/data1")), dims))
                .isTrue();
        assertThat(ConditionMatcher.matches(List.of(cond("disk", "neq", "and", "/data1")), dims))
                .isFalse();
        assertThat(ConditionMatcher.matches(List.of(cond("disk", "reg", "and", "/data\\d")), dims))
                .isTrue();
        assertThat(ConditionMatcher.matches(List.of(cond("disk", "nreg", "and", "/da")), dims))
                .isFalse();
        assertThat(ConditionMatcher.matches(List.of(cond("disk", "include", "and", "ata")), dims))
                .isTrue();
        assertThat(ConditionMatcher.matches(List.of(cond("disk", "exclude", "and", "ata")), dims))
                .isFalse();
        assertThat(ConditionMatcher.matches(List.of(cond("free", "lt", "and", "5")), dims))
                .isTrue();
        assertThat(ConditionMatcher.matches(List.of(cond("free", "gte", "and", "5")), dims))
                .isFalse();
        assertThat(
                        ConditionMatcher.matches(
                                List.of(cond("bk_topo_node", "eq", "and", "set|1")), dims))
                .isTrue();
        // absent dimensions compare as ""
        assertThat(ConditionMatcher.matches(List.of(cond("nope", "eq", "and", "")), dims)).isTrue();
        // (fstype = xfs AND disk = /data1) OR (free < 5)
        assertThat(
                        ConditionMatcher.matches(
                                List.of(
                                        cond("fstype", "eq", "and", "xfs"),
                                        cond("disk", "eq", "and", "/data1"),
                                        cond("free", "lt", "or", "5")),
                                dims))
                .isTrue();
        assertThat(
                        ConditionMatcher.matches(
                                List.of(
                                        cond("fstype", "eq", "and", "xfs"),
                                        cond("free", "lt", "and", "5")),
                                dims))
                .isFalse();
    }

    @Test
    void targetScopesMatchHostsByIpHostIdAndTopoNode() throws Exception {
        HostInfo h = new HostInfo();
        h.hostId = 88213;
        h.ip = "10.20.30.40";
        h.cloudId = 0;
        h.topoNodes = new String[] {"biz|5", "module|731", "set|120"};
        assertThat(TargetScope.contains(List.of(), h)).isTrue();
        assertThat(
                        TargetScope.contains(
                                scope(
                                        "[[{\"field\":\"host_topo_node\",\"method\":\"eq\",\"value\":[{\"bk_obj_id\":\"set\",\"bk_inst_id\":120}]}]]"),
                                h))
                .isTrue();
        assertThat(
                        TargetScope.contains(
                                scope(
                                        "[[{\"field\":\"host_topo_node\",\"method\":\"eq\",\"value\":[{\"bk_obj_id\":\"set\",\"bk_inst_id\":121}]}]]"),
                                h))
                .isFalse();
        assertThat(
                        TargetScope.contains(
                                scope(
                                        "[[{\"field\":\"ip\",\"method\":\"eq\",\"value\":[{\"ip\":\"10.20.30.40\",\"bk_cloud_id\":0}]}]]"),
                                h))
                .isTrue();
        assertThat(
                        TargetScope.contains(
                                scope(
                                        "[[{\"field\":\"ip\",\"method\":\"eq\",\"value\":[{\"ip\":\"10.20.30.40\",\"bk_cloud_id\":3}]}]]"),
                                h))
                .isFalse();
        assertThat(
                        TargetScope.contains(
                                scope(
                                        "[[{\"field\":\"bk_host_id\",\"method\":\"neq\",\"value\":[{\"bk_host_id\":88213}]}]]"),
                                h))
                .isFalse();
        // OR across groups
        assertThat(
                        TargetScope.contains(
                                scope(
                                        "[[{\"field\":\"bk_host_id\",\"method\":\"eq\",\"value\":[1]}],[{\"field\":\"bk_host_id\",\"method\":\"eq\",\"value\":[88213]}]]"),
                                h))
                .isTrue();
    }

    private static List<List<Strategy.TargetRule>> scope(String json) throws Exception {
        return StrategyParser.parse(StrategyJson.withItemField(builtin(3), "target", json), null)
                .firstItem()
                .target;
    }
}
