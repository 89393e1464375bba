package io.bkm.alarm.trigger;

import static io.bkm.alarm.trigger.TriggerFixtures.T;
import static io.bkm.alarm.trigger.TriggerFixtures.config;
import static io.bkm.alarm.trigger.TriggerFixtures.diskFull;
import static io.bkm.alarm.trigger.TriggerFixtures.host;
import static io.bkm.alarm.trigger.TriggerFixtures.strategy3051;
import static org.assertj.core.api.Assertions.assertThat;

import io.bkm.alarm.bind.GseBindFunction;
import io.bkm.alarm.bind.GseBindOperator;
import io.bkm.alarm.common.ConfigCatchUp;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.gse.GseDimensions;
import io.bkm.alarm.model.AnomalyRecord;
import io.bkm.alarm.model.GseRecord;
import io.bkm.alarm.model.HostInfo;
import io.bkm.alarm.model.RawMessage;
import io.bkm.alarm.strategy.Strategies;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * At a fresh start, GSE records wait until the config topic has been read to where it ended at
 * submission (here offset 2 of partition 0 is the last record), so a business strategy on the topic
 * binds them instead of the shipped built-in.
 */
class ConfigCatchUpTest {
    private static final ConfigCatchUp ENDS_AT_3 = new ConfigCatchUp(Map.of(0, 3L), 30_000);
    private final HostInfo host5 = host(88213, "10.20.30.40", "5");
    private KeyedBroadcastOperatorTestHarness<String, GseRecord, RawMessage, AnomalyRecord> h;
    private GseBindOperator gate;

    private KeyedBroadcastOperatorTestHarness<String, GseRecord, RawMessage, AnomalyRecord> open(
            OperatorSubtaskState restore) throws Exception {
        var harness =
                new KeyedBroadcastOperatorTestHarness<>(
                        new CoBroadcastWithKeyedOperator<>(
                                new GseBindFunction(TriggerFixtures.SHIPPED, 1 << 20, ENDS_AT_3),
                                java.util.List.of(Strategies.STATE)),
                        GseDimensions::md5,
                        Types.STRING,
                        1,
                        1,
                        0);
        if (restore != null) {
            harness.initializeState(restore);
        }
        harness.open();
        return harness;
    }

    /** As the job runs it: with the watermark held back while records wait. */
    private KeyedBroadcastOperatorTestHarness<String, GseRecord, RawMessage, AnomalyRecord> gated()
            throws Exception {
        gate =
                new GseBindOperator(
                        new GseBindFunction(TriggerFixtures.SHIPPED, 1 << 20, ENDS_AT_3));
        var harness =
                new KeyedBroadcastOperatorTestHarness<>(
                        gate, GseDimensions::md5, Types.STRING, 1, 1, 0);
        harness.open();
        return harness;
    }

    @AfterEach
    void close() throws Exception {
        h.close();
    }

    private static RawMessage at(long offset, RawMessage m) {
        m.offset = offset;
        return m;
    }

    @Test
    void recordsWaitUntilTheConfigTopicIsReadThenBindWithIt() throws Exception {
        h = open(null);
        h.setProcessingTime(1_000);
        h.processElement(diskFull(T, host5, "/data"), 0);
        h.processElement(diskFull(T + 60, host5, "/data"), 0);
        assertThat(h.extractOutputValues()).isEmpty();

        h.processBroadcastElement(at(0, config("datasource:1", null)), 0);
        h.processBroadcastElement(at(1, config("shield:9", "{}")), 0);
        h.setProcessingTime(1_400);
        assertThat(h.extractOutputValues()).isEmpty(); // offset 2 not read yet

        h.processBroadcastElement(at(2, config("strategy:3051", Json.write(strategy3051()))), 0);
        h.setProcessingTime(1_600);
        // business 5's own strategy replaced the built-in for both, in arrival order
        assertThat(h.extractOutputValues())
                .extracting(a -> a.strategyId + "@" + a.time)
                .containsExactly("3051@" + T, "3051@" + (T + 60));

        // once read, records bind at once
        h.processElement(diskFull(T + 120, host5, "/data"), 0);
        assertThat(h.extractOutputValues()).hasSize(3);
    }

    @Test
    void theWatermarkWaitsBehindWaitingRecordsAndPassesOnceTheyAreBound() throws Exception {
        h = gated();
        h.setProcessingTime(1_000);
        h.processElement(diskFull(T, host5, "/data"), T * 1000);
        Watermark behind = new Watermark(T * 1000 + 60_000);
        h.watermark(behind.getTimestamp());
        h.processBroadcastElement(at(2, config("strategy:3051", Json.write(strategy3051()))), 0);
        h.setProcessingTime(1_200); // the key's poll binds the record
        assertThat(h.extractOutputValues()).extracting(a -> a.strategyId).containsExactly(3051L);
        assertThat(h.getOutput()).noneMatch(Watermark.class::isInstance);
        h.setProcessingTime(1_600); // two polls after the topic was seen read
        assertThat(h.getOutput()).last().isEqualTo(behind);
        // nothing can be waiting now: the next passes at once
        h.watermark(T * 1000 + 61_000);
        assertThat(h.getOutput()).last().isEqualTo(new Watermark(T * 1000 + 61_000));
    }

    @Test
    void theRecordsFinalWatermarkWaitsForTheEndOfTheConfigThenBindsWhatWaits() throws Exception {
        h = gated();
        h.setProcessingTime(1_000);
        h.processElement(diskFull(T, host5, "/data"), T * 1000);
        // the records' input ends; the config's, idle for the watermark, is still being read
        h.watermark(Long.MAX_VALUE);
        gate.endInput(1);
        assertThat(h.getOutput()).isEmpty();
        h.processBroadcastElement(at(2, config("strategy:3051", Json.write(strategy3051()))), 0);
        gate.endInput(2);
        assertThat(h.getOutput())
                .extracting(o -> o instanceof Watermark ? "wm" : "record")
                .containsExactly("record", "wm");
        assertThat(h.extractOutputValues()).extracting(a -> a.strategyId).containsExactly(3051L);
    }

    @Test
    void aRecordArrivingBeforeItsKeysWaitingOnesDrainedQueuesBehindThem() throws Exception {
        h = open(null);
        h.setProcessingTime(1_000);
        h.processElement(diskFull(T, host5, "/data"), 0);
        h.processBroadcastElement(at(2, config("strategy:3051", Json.write(strategy3051()))), 0);
        // the topic is read, but the key's poll timer has not fired yet
        h.processElement(diskFull(T + 60, host5, "/data"), 0);
        assertThat(h.extractOutputValues()).isEmpty();
        h.setProcessingTime(1_200);
        assertThat(h.extractOutputValues()).extracting(a -> a.time).containsExactly(T, T + 60);
    }

    @Test
    void heldRecordsAreReleasedWhenABoundedRunsInputsEnd() throws Exception {
        h = open(null);
        h.setProcessingTime(1_000);
        h.processElement(diskFull(T, host5, "/data"), 0);
        h.processBroadcastElement(at(2, config("strategy:3051", Json.write(strategy3051()))), 0);
        assertThat(h.numEventTimeTimers()).isEqualTo(1);
        // the inputs end before the poll timer, which a bounded run would drop
        h.watermark(Long.MAX_VALUE);
        assertThat(h.extractOutputValues()).extracting(a -> a.strategyId).containsExactly(3051L);
        // released by the poll instead, no end-of-input timer is left behind
        h.processElement(diskFull(T + 60, host(88214, "10.20.30.41", "5"), "/data"), 0);
        assertThat(h.numEventTimeTimers()).isEqualTo(0);
    }

    @Test
    void recordsAreReleasedAfterTheLongestWaitEvenIfTheEndIsNeverSeen() throws Exception {
        h = open(null);
        h.setProcessingTime(1_000);
        h.processElement(diskFull(T, host5, "/data"), 0);
        h.setProcessingTime(30_800);
        assertThat(h.extractOutputValues()).isEmpty();
        h.setProcessingTime(31_000);
        assertThat(h.extractOutputValues()).extracting(a -> a.strategyId).containsExactly(3L);
    }

    @Test
    void aRestoredOperatorHasItsConfigurationAndDoesNotWait() throws Exception {
        h = open(null);
        h.setProcessingTime(1_000);
        h.processBroadcastElement(at(2, config("strategy:3051", Json.write(strategy3051()))), 0);
        OperatorSubtaskState snapshot = h.snapshot(1, 1_000);
        h.close();

        h = open(snapshot); // the config source resumes past offset 2: nothing more to read
        h.setProcessingTime(2_000);
        h.processElement(diskFull(T, host5, "/data"), 0);
        assertThat(h.extractOutputValues()).extracting(a -> a.strategyId).containsExactly(3051L);
    }
}
