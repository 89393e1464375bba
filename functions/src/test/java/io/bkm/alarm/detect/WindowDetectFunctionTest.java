package io.bkm.alarm.detect;

import static io.bkm.alarm.detect.CustomEventFixtures.T0;
import static io.bkm.alarm.detect.CustomEventFixtures.config;
import static io.bkm.alarm.detect.CustomEventFixtures.event;
import static io.bkm.alarm.detect.CustomEventFixtures.strategy;
import static org.assertj.core.api.Assertions.assertThat;

import io.bkm.alarm.SideOutputs;
import io.bkm.alarm.bind.CustomEventBindFunction;
import io.bkm.alarm.common.DeadLetters;
import io.bkm.alarm.model.AnomalyRecord;
import io.bkm.alarm.model.CustomEventRecord;
import io.bkm.alarm.model.DeadLetter;
import io.bkm.alarm.model.DetectSample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Windows of 60 s per strategy item and dimensions, evaluated when the watermark passes their end.
 * Samples come from the real bind function, so they are what the job sends.
 */
class WindowDetectFunctionTest {
    private DetectPipeline<CustomEventRecord> p;
    private KeyedOneInputStreamOperatorTestHarness<String, DetectSample, AnomalyRecord> h;

    @BeforeEach
    void open() throws Exception {
        p =
                new DetectPipeline<>(
                        new CustomEventBindFunction(Map.of(), 1 << 20), config(strategy()));
        h = p.detect;
    }

    @AfterEach
    void close() throws Exception {
        p.close();
        if (h != p.detect) {
            h.close(); // the restored harness of the snapshot test
        }
    }

    /** A login failure at {@code second} past T0 on the given target. */
    private void failure(long second, String target) throws Exception {
        p.bind.getOutput().clear();
        p.bind.processElement(event("login_failed", (T0 + second) * 1000, target, "auth"), 0);
        for (DetectSample s : p.bind.extractOutputValues()) {
            h.processElement(s, s.timeMs);
        }
    }

    private List<AnomalyRecord> watermark(long second) throws Exception {
        h.getOutput().clear();
        h.processWatermark((T0 + second) * 1000);
        return new ArrayList<>(h.extractOutputValues());
    }

    private List<DeadLetter> late() {
        return SideOutputs.drain(h, DeadLetters.TAG);
    }

    @Test
    void aWindowIsEvaluatedOnceTheWatermarkPassesItsLastMillisecond() throws Exception {
        failure(5, "10.0.0.1");
        failure(59, "10.0.0.1");
        assertThat(watermark(59)).isEmpty(); // T0+59.000 < the window's last ms, T0+59.999
        h.getOutput().clear();
        h.processWatermark((T0 + 60) * 1000 - 1);
        List<AnomalyRecord> out = new ArrayList<>(h.extractOutputValues());
        assertThat(out).hasSize(1);
        AnomalyRecord a = out.get(0);
        assertThat(a.time).isEqualTo(T0);
        assertThat(a.levels).containsExactly(3); // 2 events: the reminder, not the fatal level
        assertThat(a.anomalyIds).containsExactly(a.md5Dimension + "." + T0 + ".7001.8001.3");
        assertThat(a.messages).containsExactly("COUNT(login_failed) >= 1, current value 2");
        assertThat(a.receivedAt).isEqualTo(T0 + 59 + 2); // the newest Kafka time of the window
        assertThat(a.triggerCounts).containsExactly(1);
        assertThat(a.unit).isEqualTo(60);
    }

    @Test
    void severalLevelsHoldingAtOnceMakeOneRecordWithEachLevel() throws Exception {
        for (int i = 0; i < 5; i++) {
            failure(10 + i, "10.0.0.1");
        }
        List<AnomalyRecord> out = watermark(60);
        assertThat(out).hasSize(1);
        assertThat(out.get(0).levels).containsExactly(3, 1);
        assertThat(out.get(0).messages[1]).isEqualTo("COUNT(login_failed) >= 5, current value 5");
    }

    @Test
    void windowsAndDimensionsAreCountedApart() throws Exception {
        failure(10, "10.0.0.1");
        failure(70, "10.0.0.1"); // the next minute
        failure(20, "10.0.0.2");
        List<AnomalyRecord> first = watermark(60);
        assertThat(first).extracting(a -> a.time).containsExactly(T0, T0);
        assertThat(first).extracting(a -> a.md5Dimension).doesNotHaveDuplicates();
        assertThat(first).extracting(a -> a.messages[0]).allMatch(m -> m.endsWith("value 1"));
        assertThat(watermark(120)).extracting(a -> a.time).containsExactly(T0 + 60);
    }

    @Test
    void aValueNoAlgorithmHoldsForMakesNoAnomaly() throws Exception {
        var s = strategy();
        var alg = s.path("items").get(0).path("algorithms");
        ((com.fasterxml.jackson.databind.node.ObjectNode) alg.get(0).path("config").get(0).get(0))
                .put("threshold", 3);
        p.bind.processBroadcastElement(config(s), 0);
        failure(10, "10.0.0.1");
        failure(20, "10.0.0.1");
        assertThat(watermark(60)).isEmpty();
        assertThat(h.numKeyedStateEntries()).isZero();
    }

    @Test
    void aSampleForAWindowAlreadyEvaluatedIsReportedLateNotCounted() throws Exception {
        failure(10, "10.0.0.1");
        assertThat(watermark(60)).hasSize(1);
        failure(30, "10.0.0.1");
        assertThat(watermark(120)).isEmpty();
        List<DeadLetter> late = late();
        assertThat(late).hasSize(1);
        assertThat(late.get(0).reason).isEqualTo(WindowDetectFunction.LATE_REASON);
        assertThat(late.get(0).sourceTopic).isEqualTo("bkm_custom_event");
        assertThat(late.get(0).payload).contains("\"value\":1.0").contains("7001");
    }

    @Test
    void everyWindowLeavesNoStateOrTimerBehind() throws Exception {
        failure(10, "10.0.0.1");
        failure(70, "10.0.0.2");
        assertThat(h.numEventTimeTimers()).isEqualTo(2);
        assertThat(h.numKeyedStateEntries()).isEqualTo(2);
        watermark(3600);
        assertThat(h.numEventTimeTimers()).isZero();
        assertThat(h.numKeyedStateEntries()).isZero();
    }

    @Test
    void sumAverageMinimumMaximumAndLastFoldTheValues() {
        WindowAggregate w = new WindowAggregate();
        double[] values = {4, 1, 7};
        long[] times = {3000, 1000, 2000};
        for (int i = 0; i < 3; i++) {
            DetectSample s = new DetectSample();
            s.anomaly = new AnomalyRecord();
            s.value = values[i];
            s.timeMs = times[i];
            w.add(s);
        }
        String[] methods = {"COUNT", "SUM", "AVG", "MIN", "MAX", "LAST"};
        double[] expected = {3, 12, 4, 1, 7, 4};
        for (int i = 0; i < methods.length; i++) {
            w.first.aggMethod = methods[i];
            assertThat(w.value()).as(methods[i]).isEqualTo(expected[i]);
        }
    }

    @Test
    void windowsSurviveASnapshotAndRestore() throws Exception {
        failure(10, "10.0.0.1");
        var snapshot = h.snapshot(1, 0);
        h.close();
        h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new org.apache.flink.streaming.api.operators.KeyedProcessOperator<>(
                                new WindowDetectFunction()),
                        WindowDetectFunction::key,
                        Types.STRING);
        h.initializeState(snapshot);
        h.open();
        failure(20, "10.0.0.1");
        List<AnomalyRecord> out = watermark(60);
        assertThat(out).hasSize(1);
        assertThat(out.get(0).messages[0]).endsWith("current value 2");
    }
}
