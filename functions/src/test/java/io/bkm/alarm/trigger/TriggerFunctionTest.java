package io.bkm.alarm.trigger;

import static io.bkm.alarm.trigger.TriggerFixtures.T;
import static io.bkm.alarm.trigger.TriggerFixtures.diskFull;
import static io.bkm.alarm.trigger.TriggerFixtures.host;
import static org.assertj.core.api.Assertions.assertThat;

import io.bkm.alarm.common.Json;
import io.bkm.alarm.gse.GseDimensions;
import io.bkm.alarm.model.AnomalyRecord;
import io.bkm.alarm.model.Event;
import io.bkm.alarm.strategy.Strategy;
import io.bkm.alarm.strategy.StrategyParser;
import java.util.Arrays;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TriggerFunctionTest {
    private KeyedOneInputStreamOperatorTestHarness<String, AnomalyRecord, Event> h;

    @BeforeEach
    void open() throws Exception {
        h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new TriggerFunction()),
                        a -> a.strategyId + "|" + a.itemId + "|" + a.md5Dimension,
                        Types.STRING);
        h.open();
    }

    @AfterEach
    void close() throws Exception {
        h.close();
    }

    /** The spec's disk-full anomaly with trigger count {@code count} in {@code window}. */
    private static AnomalyRecord anomaly(long time, int count, int window) throws Exception {
        var s = TriggerFixtures.strategy3051();
        var detect = (com.fasterxml.jackson.databind.node.ObjectNode) s.path("detects").get(0);
        ((com.fasterxml.jackson.databind.node.ObjectNode) detect.path("trigger_config"))
                .put("count", count)
                .put("check_window", window);
        Strategy strategy = StrategyParser.parse(s, null);
        var r = diskFull(time, host(88213, "10.20.30.40", "5"), "/data");
        return Anomalies.of(r, GseDimensions.md5(r), strategy);
    }

    @Test
    void aTriggeredAnomalyBecomesTheSpecsMonitorEvent() throws Exception {
        h.processElement(anomaly(T, 1, 5), 0);
        assertThat(h.extractOutputValues()).hasSize(1);
        Event e = h.extractOutputValues().get(0);
        assertThat(e.eventId).isEqualTo("3144b40649bfe1c6e268b6ab865d3caa.1716950033.3051.4102.2");
        assertThat(e.pluginId).isEqualTo("bkmonitor");
        assertThat(e.strategyId).isEqualTo(3051L);
        assertThat(e.alertName).isEqualTo("Disk full");
        assertThat(e.description).isEqualTo("disk(/data) only 4% free");
        assertThat(e.severity).isEqualTo(2);
        assertThat(e.targetType).isEqualTo("HOST");
        assertThat(e.target).isEqualTo("10.20.30.40|0");
        assertThat(Arrays.stream(e.tags).map(t -> t.key + "=" + t.value))
                .containsExactly("disk=/data", "file_system=/dev/vdb1", "fstype=ext4");
        assertThat(e.dedupeKeys).contains("tags.disk", "tags.file_system", "tags.fstype");
        assertThat(e.metric).containsExactly("bk_monitor.disk-full-gse", "Disk full");
        assertThat(e.category).isEqualTo("os");
        assertThat(e.dataType).isEqualTo("event");
        assertThat(e.time).isEqualTo(T);
        assertThat(e.anomalyTime).isEqualTo(T);
        // times from the record, never the clock: a replay writes the same event
        assertThat(e.bkIngestTime).isEqualTo(T + 3);
        assertThat(e.bkBizId).isEqualTo("5");
        assertThat(e.bkHostId).isEqualTo("88213");
        assertThat(e.bkTopoNode).containsExactly("biz|5", "module|731", "set|120");
        assertThat(
                        Json.MAPPER
                                .readTree(e.extraInfo)
                                .at("/origin_alarm/trigger/anomaly_ids")
                                .toString())
                .isEqualTo("[\"3144b40649bfe1c6e268b6ab865d3caa.1716950033.3051.4102.2\"]");
        assertThat(e.dedupeMd5).isNotEmpty();
    }

    @Test
    void theCountIsReachedAtTheWindowsEdgeAndOldPointsLeaveIt() throws Exception {
        // count 3 in 5 × 60 s: the window is [t − 299, t]
        h.processElement(anomaly(T, 3, 5), 0);
        h.processElement(anomaly(T + 120, 3, 5), 0);
        assertThat(h.extractOutputValues()).isEmpty();
        h.processElement(anomaly(T + 299, 3, 5), 0); // T is still inside
        assertThat(h.extractOutputValues()).hasSize(1);
        Event fired = h.extractOutputValues().get(0);
        assertThat(Json.MAPPER.readTree(fired.extraInfo).at("/origin_alarm/trigger/anomaly_ids"))
                .hasSize(3);
        assertThat(fired.anomalyTime).isEqualTo(T);
        h.processElement(anomaly(T + 420, 3, 5), 0); // T and T+120 out: 299 and 420 only
        assertThat(h.extractOutputValues()).hasSize(1);
        h.processElement(anomaly(T + 420, 3, 5), 0); // the same time counts once
        assertThat(h.extractOutputValues()).hasSize(1);
        h.processElement(anomaly(T + 480, 3, 5), 0);
        assertThat(h.extractOutputValues()).hasSize(2);
        assertThat(h.extractOutputValues().get(1).anomalyTime).isEqualTo(T + 299);
    }

    @Test
    void theMostSevereTriggeredLevelWins() throws Exception {
        AnomalyRecord a = anomaly(T, 1, 5);
        a.levels = new int[] {3, 1};
        a.anomalyIds = new String[] {a.recordId() + ".3051.4102.3", a.recordId() + ".3051.4102.1"};
        a.messages = new String[] {"remind", "fatal"};
        a.triggerCounts = new int[] {1, 2};
        a.triggerWindows = new int[] {5, 5};
        h.processElement(a, 0);
        // fatal needs two points: remind fires first
        assertThat(h.extractOutputValues()).extracting(e -> e.severity).containsExactly(3);
        AnomalyRecord b = anomaly(T + 60, 1, 5);
        b.levels = a.levels;
        b.anomalyIds = new String[] {b.recordId() + ".3051.4102.3", b.recordId() + ".3051.4102.1"};
        b.messages = a.messages;
        b.triggerCounts = a.triggerCounts;
        b.triggerWindows = a.triggerWindows;
        h.processElement(b, 0);
        assertThat(h.extractOutputValues()).extracting(e -> e.severity).containsExactly(3, 1);
        assertThat(h.extractOutputValues().get(1).description).isEqualTo("fatal");
    }

    @Test
    void anIdleKeyIsClearedByItsTimerAndOnlyByTheLastOne() throws Exception {
        h.setProcessingTime(0);
        h.processElement(anomaly(T, 3, 5), 0);
        h.setProcessingTime(600_000);
        h.processElement(anomaly(T + 60, 3, 5), 0);
        assertThat(h.numKeyedStateEntries()).isEqualTo(2);
        // horizon: 5 × 60 s + 1800 s lateness; the first timer fires but a later point moved it
        h.setProcessingTime(2_200_000);
        assertThat(h.numKeyedStateEntries()).isEqualTo(2);
        h.setProcessingTime(600_000 + 2_100_000 + 60_000);
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numProcessingTimeTimers()).isZero();
    }

    @Test
    void pointsBeyondTheHorizonArePrunedAsNewOnesArrive() throws Exception {
        h.processElement(anomaly(T, 3, 5), 0);
        h.processElement(anomaly(T + 60, 3, 5), 0);
        h.processElement(anomaly(T + 5000, 3, 5), 0);
        // T and T+60 are older than 300 + 1800 s before T+5000
        assertThat(h.numKeyedStateEntries()).isEqualTo(2); // one mark + the deadline
    }
}
