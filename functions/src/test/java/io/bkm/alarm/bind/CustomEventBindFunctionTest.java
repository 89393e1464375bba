package io.bkm.alarm.bind;

import static io.bkm.alarm.detect.CustomEventFixtures.T0;
import static io.bkm.alarm.detect.CustomEventFixtures.config;
import static io.bkm.alarm.detect.CustomEventFixtures.event;
import static io.bkm.alarm.detect.CustomEventFixtures.recoveryEvent;
import static io.bkm.alarm.detect.CustomEventFixtures.strategy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bkm.alarm.SideOutputs;
import io.bkm.alarm.common.ConfigCatchUp;
import io.bkm.alarm.detect.WindowAggregate;
import io.bkm.alarm.model.CustomEventRecord;
import io.bkm.alarm.model.CustomEventRecovery;
import io.bkm.alarm.model.DetectSample;
import io.bkm.alarm.model.RawMessage;
import io.bkm.alarm.strategy.Strategies;
import io.bkm.alarm.trigger.Anomalies;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CustomEventBindFunctionTest {
    private BroadcastOperatorTestHarness<CustomEventRecord, RawMessage, DetectSample> h;

    @BeforeEach
    void open() throws Exception {
        h = BindHarness.of(new CustomEventBindFunction(Map.of(), 1 << 20));
        h.processBroadcastElement(config(strategy()), 0);
    }

    @AfterEach
    void close() throws Exception {
        h.close();
    }

    private List<DetectSample> bind(CustomEventRecord r) throws Exception {
        h.getOutput().clear();
        h.processElement(r, 0);
        return new ArrayList<>(h.extractOutputValues());
    }

    private List<CustomEventRecovery> recoveries() {
        return SideOutputs.drain(h, CustomEventBindFunction.RECOVERIES);
    }

    @Test
    void anEventOfTheWatchedNameBecomesOneCountedSampleWithItsDimensions() throws Exception {
        List<DetectSample> out = bind(event("login_failed", T0 * 1000 + 5_500, "10.0.0.1", "auth"));
        assertThat(out).hasSize(1);
        DetectSample s = out.get(0);
        assertThat(s.value).isEqualTo(1.0);
        assertThat(s.aggMethod).isEqualTo(WindowAggregate.COUNT);
        assertThat(s.metricLabel).isEqualTo("COUNT(login_failed)");
        assertThat(s.timeMs).isEqualTo(T0 * 1000 + 5_500);
        assertThat(s.anomaly.strategyId).isEqualTo(7001);
        assertThat(s.anomaly.itemId).isEqualTo(8001);
        assertThat(s.anomaly.time).isEqualTo(T0 + 5);
        assertThat(s.anomaly.dimensionsJson)
                .isEqualTo("{\"target\":\"10.0.0.1\",\"module\":\"auth\"}");
        assertThat(s.anomaly.dimensionFields).containsExactly("target", "module");
        assertThat(s.anomaly.levels).containsExactly(3, 1);
        assertThat(s.algorithms).hasSize(2);
        assertThat(s.sourceTopic).isEqualTo("bkm_custom_event");
        // the same dimensions give the same fingerprint; others another
        String md5 = s.anomaly.md5Dimension;
        assertThat(bind(event("login_failed", T0 * 1000, "10.0.0.1", "auth")).get(0))
                .extracting(x -> x.anomaly.md5Dimension)
                .isEqualTo(md5);
        assertThat(bind(event("login_failed", T0 * 1000, "10.0.0.2", "auth")).get(0))
                .extracting(x -> x.anomaly.md5Dimension)
                .isNotEqualTo(md5);
    }

    @Test
    void otherNamesBusinessesAndDataSourcesAreNotBound() throws Exception {
        assertThat(bind(event("logout", T0 * 1000, "10.0.0.1", "auth"))).isEmpty();
        CustomEventRecord otherBiz = event("login_failed", T0 * 1000, "10.0.0.1", "auth");
        otherBiz.bkBizId = "6";
        assertThat(bind(otherBiz)).isEmpty();
        CustomEventRecord otherSource = event("login_failed", T0 * 1000, "10.0.0.1", "auth");
        otherSource.dataId = 1572947;
        assertThat(bind(otherSource)).isEmpty();
    }

    @Test
    void anIndexStrategyCountsEveryEventOfTheTable() throws Exception {
        ObjectNode all = strategy();
        all.put("id", 7002);
        ObjectNode item = (ObjectNode) all.path("items").get(0);
        item.putArray("metric_ids").add("custom.event.5_bkmonitor_event_1572946.__INDEX__");
        item.putArray("agg_dimension");
        h.processBroadcastElement(config(all), 0);
        assertThat(bind(event("logout", T0 * 1000, "10.0.0.1", "auth")))
                .extracting(s -> s.anomaly.strategyId + " " + s.metricLabel)
                .containsExactly("7002 COUNT(events)");
        assertThat(bind(event("login_failed", T0 * 1000, "10.0.0.1", "auth")))
                .extracting(s -> s.anomaly.strategyId)
                .containsExactlyInAnyOrder(7001L, 7002L);
    }

    @Test
    void conditionScopeAndMissingDimensionsFilter() throws Exception {
        ObjectNode s = strategy();
        ObjectNode item = (ObjectNode) s.path("items").get(0);
        ArrayNode cond = item.putArray("agg_condition");
        cond.addObject()
                .put("key", "location")
                .put("method", "eq")
                .putArray("value")
                .add("shenzhen");
        item.putArray("target")
                .addArray()
                .addObject()
                .put("field", "ip")
                .put("method", "eq")
                .putArray("value")
                .addObject()
                .put("ip", "10.0.0.1");
        h.processBroadcastElement(config(s), 0);
        assertThat(bind(event("login_failed", T0 * 1000, "10.0.0.1", "auth"))).hasSize(1);
        assertThat(bind(event("login_failed", T0 * 1000, "10.0.0.9", "auth"))).isEmpty();
        CustomEventRecord elsewhere = event("login_failed", T0 * 1000, "10.0.0.1", "auth");
        elsewhere.dimensions[1].value = "beijing";
        assertThat(bind(elsewhere)).isEmpty();
        CustomEventRecord noModule = event("login_failed", T0 * 1000, "10.0.0.1", "auth");
        noModule.dimensions = new io.bkm.alarm.model.Tag[] {noModule.dimensions[1]};
        assertThat(bind(noModule)).isEmpty(); // grouped by module: not counted, as ES would not
    }

    @Test
    void recoveryEventsAreNotCountedButReachTheAlertOfTheirDimensions() throws Exception {
        DetectSample abnormal = bind(event("login_failed", T0 * 1000, "10.0.0.1", "auth")).get(0);
        assertThat(recoveries()).isEmpty();

        assertThat(bind(recoveryEvent(T0 * 1000 + 90_000, "10.0.0.1", "auth"))).isEmpty();
        List<CustomEventRecovery> r = recoveries();
        assertThat(r).hasSize(1);
        assertThat(r.get(0).strategyId).isEqualTo(7001);
        assertThat(r.get(0).time).isEqualTo(T0 + 90);
        // the dedupe md5 of the monitor event the abnormal ones would raise
        abnormal.anomaly.levels = new int[] {3};
        abnormal.anomaly.anomalyIds = new String[] {Anomalies.anomalyId(abnormal.anomaly, 3)};
        abnormal.anomaly.messages = new String[] {"x"};
        String alertMd5 =
                Anomalies.event(abnormal.anomaly, 0, List.of(abnormal.anomaly.anomalyIds[0]))
                        .dedupeMd5;
        assertThat(r.get(0).dedupeMd5).isEqualTo(alertMd5);
    }

    @Test
    void aStrategyWithABadThresholdIsRefusedAndTheOldOneStays() throws Exception {
        ObjectNode s = strategy();
        ((ObjectNode) s.path("items").get(0).path("algorithms").get(0))
                .putArray("config")
                .addArray()
                .addObject()
                .put("method", "between")
                .put("threshold", 1);
        h.processBroadcastElement(config(s), 0);
        assertThat(bind(event("login_failed", T0 * 1000, "10.0.0.1", "auth")))
                .extracting(x -> x.algorithms[0])
                .allMatch(a -> a.contains("gte"));
    }

    /** A fresh start whose config topic ends at offset 2: records wait up to 30 s for it. */
    private static CustomEventBindFunction waitingFunction() {
        return new CustomEventBindFunction(
                Map.of(), 1 << 20, new ConfigCatchUp(Map.of(0, 2L), 30_000));
    }

    private static BroadcastOperatorTestHarness<CustomEventRecord, RawMessage, DetectSample>
            waiting() throws Exception {
        return BindHarness.of(waitingFunction());
    }

    /** The config topic's first record, the strategy: not yet the end of the topic. */
    private static RawMessage firstConfig() throws Exception {
        return config(strategy());
    }

    private static void holdTwo(BroadcastOperatorTestHarness<CustomEventRecord, ?, ?> w)
            throws Exception {
        w.processElement(event("login_failed", T0 * 1000, "10.0.0.1", "auth"), 0);
        w.processElement(event("login_failed", T0 * 1000 + 1, "10.0.0.2", "auth"), 0);
    }

    @Test
    void atAFreshStartEventsWaitForTheConfigTopicAndAreReleasedInOrder() throws Exception {
        try (var w = waiting()) {
            holdTwo(w);
            RawMessage other = config(strategy());
            other.key = "datasource:1";
            other.value = null;
            w.processBroadcastElement(other, 0);
            assertThat(w.extractOutputValues()).isEmpty();
            RawMessage last = config(strategy()); // the strategy is the topic's last record
            last.offset = 1;
            w.processBroadcastElement(last, 0);
            assertThat(w.extractOutputValues())
                    .extracting(x -> x.timeMs)
                    .containsExactly(T0 * 1000, T0 * 1000 + 1);
        }
    }

    @Test
    void theWatermarkWaitsBehindHeldEventsAndPassesOnceTheyAreBound() throws Exception {
        try (var w = waiting()) {
            w.setProcessingTime(1_000);
            w.processBroadcastElement(firstConfig(), 0);
            holdTwo(w);
            w.watermark(T0 * 1000 + 5_000);
            assertThat(w.getOutput()).noneMatch(Watermark.class::isInstance);
            w.setProcessingTime(31_000); // the wait is over
            assertThat(w.getOutput())
                    .extracting(o -> o instanceof Watermark m ? "wm " + m.getTimestamp() : "event")
                    .containsExactly("event", "event", "wm " + (T0 * 1000 + 5_000));
            // nothing held: the next passes at once
            w.watermark(T0 * 1000 + 6_000);
            assertThat(w.getOutput()).last().isEqualTo(new Watermark(T0 * 1000 + 6_000));
        }
    }

    @Test
    void heldEventsAreReleasedWhenTheWaitEndsThoughNothingFollows() throws Exception {
        try (var w = waiting()) {
            w.setProcessingTime(1_000);
            w.processBroadcastElement(firstConfig(), 0);
            holdTwo(w); // the wait began with the config record: it ends at 31,000
            assertThat(w.getProcessingTimeService().getActiveTimerTimestamps())
                    .containsExactly(31_000L);
            w.setProcessingTime(30_999);
            assertThat(w.extractOutputValues()).isEmpty();
            w.setProcessingTime(31_000);
            assertThat(w.extractOutputValues())
                    .extracting(x -> x.timeMs)
                    .containsExactly(T0 * 1000, T0 * 1000 + 1);
            assertThat(w.getProcessingTimeService().getNumActiveTimers()).isZero();
            // the wait is over: later events pass at once and set no timer
            w.processElement(event("login_failed", T0 * 1000 + 2, "10.0.0.3", "auth"), 0);
            assertThat(w.extractOutputValues()).hasSize(3);
            assertThat(w.getProcessingTimeService().getNumActiveTimers()).isZero();
        }
    }

    @Test
    void heldEventsAreBoundWhenTheConfigInputEnds() throws Exception {
        try (var w = waiting()) {
            w.processBroadcastElement(firstConfig(), 0);
            holdTwo(w);
            assertThat(w.extractOutputValues()).isEmpty();
            ((ItemBindOperator<?>) w.getTwoInputOperator()).endInput(2);
            // bound with the config read so far: the strategy, so both become samples
            assertThat(w.extractOutputValues())
                    .extracting(x -> x.anomaly.strategyId)
                    .containsExactly(7001L, 7001L);
            // no config is coming any more: nothing waits for it
            w.processElement(event("login_failed", T0 * 1000 + 2, "10.0.0.3", "auth"), 0);
            assertThat(w.extractOutputValues()).hasSize(3);
        }
    }

    @Test
    void heldEventsAndStrategiesInASnapshotOfFlinksBroadcastOperatorAreRestored() throws Exception {
        // the job ran the bind functions on Flink's broadcast operator before ItemBindOperator:
        // its savepoints must restore, and what was held then is released at once
        OperatorSubtaskState snapshot;
        try (var before =
                ProcessFunctionTestHarnesses.forBroadcastProcessFunction(
                        waitingFunction(), Strategies.STATE)) {
            before.processBroadcastElement(firstConfig(), 0);
            holdTwo(before);
            snapshot = before.snapshot(1, 0);
            assertThat(before.extractOutputValues()).isEmpty();
        }
        var restored =
                new BroadcastOperatorTestHarness<>(
                        new ItemBindOperator<>(waitingFunction()), 1, 1, 0);
        try (restored) {
            restored.setProcessingTime(5_000);
            restored.initializeState(snapshot);
            restored.open();
            assertThat(restored.extractOutputValues()).isEmpty();
            restored.setProcessingTime(5_000);
            // bound by the restored strategy: no strategy is shipped here
            assertThat(restored.extractOutputValues())
                    .extracting(x -> x.timeMs, x -> x.anomaly.strategyId)
                    .containsExactly(tuple(T0 * 1000, 7001L), tuple(T0 * 1000 + 1, 7001L));
        }
    }

    @Test
    void aDeletedStrategyStopsBinding() throws Exception {
        RawMessage tombstone = config(strategy());
        tombstone.value = null;
        h.processBroadcastElement(tombstone, 0);
        assertThat(bind(event("login_failed", T0 * 1000, "10.0.0.1", "auth"))).isEmpty();
    }
}
