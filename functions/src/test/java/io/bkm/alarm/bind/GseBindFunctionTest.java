package io.bkm.alarm.bind;

import static io.bkm.alarm.trigger.TriggerFixtures.T;
import static io.bkm.alarm.trigger.TriggerFixtures.config;
import static io.bkm.alarm.trigger.TriggerFixtures.diskFull;
import static io.bkm.alarm.trigger.TriggerFixtures.host;
import static io.bkm.alarm.trigger.TriggerFixtures.strategy3051;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bkm.alarm.common.DeadLetters;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.gse.GseDimensions;
import io.bkm.alarm.model.AnomalyRecord;
import io.bkm.alarm.model.GseRecord;
import io.bkm.alarm.model.HostInfo;
import io.bkm.alarm.model.RawMessage;
import io.bkm.alarm.strategy.Strategies;
import io.bkm.alarm.strategy.StrategyJson;
import io.bkm.alarm.trigger.TriggerFixtures;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GseBindFunctionTest {
    private KeyedBroadcastOperatorTestHarness<String, GseRecord, RawMessage, AnomalyRecord> h;
    private final HostInfo host5 = host(88213, "10.20.30.40", "5");

    @BeforeEach
    void open() throws Exception {
        h =
                ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                        new GseBindFunction(TriggerFixtures.SHIPPED, 1 << 20),
                        GseDimensions::md5,
                        Types.STRING,
                        Strategies.STATE);
    }

    @AfterEach
    void close() throws Exception {
        h.close();
    }

    private void strategy(ObjectNode s) throws Exception {
        h.processBroadcastElement(config("strategy:" + s.path("id").asText(), Json.write(s)), 0);
    }

    @Test
    void theSpecRecordBindsToItsStrategyWithBkMonitorsIds() throws Exception {
        strategy(strategy3051());
        h.processElement(diskFull(T, host5, "/data"), 0);
        assertThat(h.extractOutputValues()).hasSize(1);
        AnomalyRecord a = h.extractOutputValues().get(0);
        assertThat(a.strategyId).isEqualTo(3051);
        assertThat(a.recordId()).isEqualTo("3144b40649bfe1c6e268b6ab865d3caa.1716950033");
        assertThat(a.anomalyIds)
                .containsExactly("3144b40649bfe1c6e268b6ab865d3caa.1716950033.3051.4102.2");
        assertThat(a.dimensionFields)
                .containsExactly(
                        "bk_target_ip", "bk_target_cloud_id", "file_system", "fstype", "disk");
        assertThat(a.dimensionsJson)
                .isEqualTo(
                        "{\"bk_target_ip\":\"10.20.30.40\",\"bk_target_cloud_id\":0,"
                                + "\"bk_host_id\":88213,\"bk_topo_node\":[\"biz|5\",\"module|731\","
                                + "\"set|120\"],\"disk\":\"/data\",\"file_system\":\"/dev/vdb1\","
                                + "\"fstype\":\"ext4\"}");
    }

    @Test
    void recordsFanOutToBuiltInsAndAreCountedWhenNothingWatchesThem() throws Exception {
        h.processElement(diskFull(T, host(1, "10.0.0.1", "2"), "/data"), 0);
        assertThat(h.extractOutputValues()).extracting(a -> a.strategyId).containsExactly(3L);
        GseRecord custom = diskFull(T, host(1, "10.0.0.1", "2"), "/data");
        custom.metricId = "bk_monitor.gse_custom_event";
        h.processElement(custom, 0);
        assertThat(h.extractOutputValues()).hasSize(1);
        // two strategies of one business on the metric: one record each
        ObjectNode second = strategy3051();
        second.put("id", 3052);
        strategy(strategy3051());
        strategy(second);
        h.processElement(diskFull(T, host5, "/data"), 0);
        assertThat(h.extractOutputValues())
                .extracting(a -> a.strategyId)
                .containsExactly(3L, 3051L, 3052L);
    }

    @Test
    void conditionsAndTargetScopeFilterAndRunTimeChangesApply() throws Exception {
        ObjectNode s = strategy3051();
        StrategyJson.withItemField(
                s, "agg_condition", "[{\"key\":\"disk\",\"method\":\"eq\",\"value\":[\"/data\"]}]");
        strategy(s);
        h.processElement(diskFull(T, host5, "/data"), 0);
        h.processElement(diskFull(T, host5, "/home"), 0);
        assertThat(h.extractOutputValues()).hasSize(1);

        StrategyJson.withItemField(
                s,
                "target",
                "[[{\"field\":\"host_topo_node\",\"method\":\"eq\",\"value\":[{\"bk_obj_id\":\"set\",\"bk_inst_id\":999}]}]]");
        strategy(s);
        h.processElement(diskFull(T + 60, host5, "/data"), 0);
        assertThat(h.extractOutputValues()).hasSize(1);

        // disabled: the business still overrides the built-in, so nothing binds
        s.put("enabled", false);
        strategy(s);
        h.processElement(diskFull(T + 120, host5, "/data"), 0);
        assertThat(h.extractOutputValues()).hasSize(1);

        // deleted: the built-in applies again
        h.processBroadcastElement(config("strategy:3051", null), 0);
        h.processElement(diskFull(T + 180, host5, "/data"), 0);
        assertThat(h.extractOutputValues())
                .extracting(a -> a.strategyId)
                .containsExactly(3051L, 3L);
    }

    @Test
    void aBadConfigRecordIsADeadLetterAndChangesNothing() throws Exception {
        strategy(strategy3051());
        ObjectNode bad = strategy3051();
        bad.putArray("detects");
        h.processBroadcastElement(config("strategy:3051", Json.write(bad)), 0);
        h.processBroadcastElement(config("strategy:abc", "{}"), 0);
        h.processBroadcastElement(config("strategy:3051", "{not json"), 0);
        assertThat(h.getSideOutput(DeadLetters.TAG)).hasSize(3);
        h.processElement(diskFull(T, host5, "/data"), 0);
        assertThat(h.extractOutputValues()).extracting(a -> a.strategyId).containsExactly(3051L);
    }

    private int stateEntries() {
        var op =
                (org.apache.flink.streaming.api.operators.AbstractStreamOperator<?>)
                        h.getOperator();
        return ((org.apache.flink.runtime.state.heap.HeapKeyedStateBackend<?>)
                        op.getKeyedStateBackend())
                .numKeyValueStateEntries();
    }

    @Test
    void aStrongerStrategyOfAGroupInhibitsWeakerOnesForFiveIntervals() throws Exception {
        ObjectNode strong = strategy3051();
        strong.put("priority", 10).put("priority_group_key", "disk");
        ObjectNode weak = strategy3051();
        weak.put("id", 3052).put("priority", 5).put("priority_group_key", "disk");
        strategy(strong);
        strategy(weak);
        h.processElement(diskFull(T, host5, "/data"), 0);
        assertThat(h.extractOutputValues()).extracting(a -> a.strategyId).containsExactly(3051L);

        // the strong strategy no longer matches; its mark still inhibits within 5 × 60 s
        StrategyJson.withItemField(
                strong,
                "agg_condition",
                "[{\"key\":\"disk\",\"method\":\"eq\",\"value\":[\"/none\"]}]");
        strategy(strong);
        GseRecord within = diskFull(T + 240, host5, "/data");
        h.processElement(within, 0);
        assertThat(h.extractOutputValues()).hasSize(1);
        GseRecord after = diskFull(T + 301, host5, "/data");
        after.receivedAt = T + 3 + 301;
        h.processElement(after, 0);
        assertThat(h.extractOutputValues())
                .extracting(a -> a.strategyId)
                .containsExactly(3051L, 3052L);

        // the marks end with their timer
        assertThat(stateEntries()).isGreaterThan(0);
        h.setProcessingTime(3_600_000L);
        assertThat(stateEntries()).isZero();
        assertThat(h.numProcessingTimeTimers()).isZero();
    }
}
