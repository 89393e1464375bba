package io.bkm.alarm.alert;

import static io.bkm.alarm.alert.AlertHarness.T0;
import static io.bkm.alarm.alert.AlertHarness.abnormal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bkm.alarm.fingerprint.Fingerprint;
import io.bkm.alarm.model.Alert;
import io.bkm.alarm.model.AlertInput;
import io.bkm.alarm.model.AlertLog;
import io.bkm.alarm.model.Event;
import io.bkm.alarm.model.EventStatus;
import io.bkm.alarm.shield.Shields;
import io.bkm.alarm.strategy.Strategies;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.contrib.streaming.state.RocksDBKeyedStateBackend;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The alert states {@link AlertStore} holds reach RocksDB when they must: before a checkpoint, when
 * their key is pushed out by others, and before the broadcast side reads every key. Fingerprints A,
 * B and C have keys of their own.
 */
class AlertStoreTest {
    private static final String A = "aaaa00000000aaaaaaaaaaaaaaaaaaaa";
    private static final String B = "bbbb00000000bbbbbbbbbbbbbbbbbbbb";
    private static final String C = "cccc00000000cccccccccccccccccccc";

    private static AlertStateFunction holding(int keys) {
        return new AlertStateFunction(
                AlertHarness.SHIPPED, AlertStateSettings.defaults().withHeldKeys(keys), 1 << 20);
    }

    private static Event of(String md5, long time) {
        Event e = abnormal(time);
        e.eventId = md5 + "-" + time;
        e.id = Fingerprint.ofScalar(e.eventId);
        e.dedupeMd5 = md5;
        return e;
    }

    @Test
    void aKeyPushedOutIsWrittenBackUnderItsOwnKeyAndReadAgain() throws Exception {
        AlertStateFunction f = holding(1);
        OperatorSubtaskState snapshot;
        try (AlertHarness h = new AlertHarness(f, null, AlertHarness.rocksDb())) {
            for (long t = T0; t <= T0 + 120; t += 60) {
                for (String md5 : List.of(A, B, C)) {
                    h.send(of(md5, t)); // each event pushes the previous key out
                }
            }
            List<Alert> out = h.alerts();
            assertThat(out).hasSize(9);
            assertThat(out.subList(6, 9))
                    .allSatisfy(
                            a -> {
                                assertThat(a.eventCount).isEqualTo(3);
                                assertThat(a.version).isEqualTo(3);
                            });
            assertThat(out.stream().map(a -> a.id).distinct()).hasSize(3);
            assertThat(h.logOps()).filteredOn(AlertLog.CREATE::equals).hasSize(3);
            assertThat(f.store().size()).isEqualTo(1);
            assertThat(f.store().evictions()).isEqualTo(8); // every event but the first
            snapshot = h.snapshot();
        }
        // what the snapshot holds is what the store held: the next events converge
        AlertStateFunction again = holding(1);
        try (AlertHarness h = new AlertHarness(again, snapshot, AlertHarness.rocksDb())) {
            h.send(of(A, T0 + 180));
            h.send(of(C, T0 + 180));
            assertThat(h.alerts()).extracting(a -> a.eventCount).containsExactly(4L, 4L);
            assertThat(h.logOps()).containsExactly(AlertLog.CONVERGE, AlertLog.CONVERGE);
        }
    }

    @Test
    void heldStatesReachTheBackendWhenACheckpointBegins() throws Exception {
        try (AlertHarness h = new AlertHarness(holding(10), null, AlertHarness.rocksDb())) {
            h.send(of(A, T0));
            var backend = (RocksDBKeyedStateBackend<?>) h.h.getOperator().getKeyedStateBackend();
            int written = backend.numKeyValueStateEntries(); // the event id and the wake time
            h.h.prepareSnapshotPreBarrier(1L);
            assertThat(backend.numKeyValueStateEntries()).isEqualTo(written + 1);
        }
    }

    @Test
    void aKeyChangedAgainAfterACheckpointIsWrittenAtTheNextOne() throws Exception {
        OperatorSubtaskState snapshot;
        try (AlertHarness h = new AlertHarness(holding(10), null, AlertHarness.rocksDb())) {
            h.send(of(A, T0));
            h.send(of(B, T0));
            h.h.prepareSnapshotPreBarrier(1L);
            h.send(of(A, T0 + 60));
            snapshot = h.snapshot(); // the next checkpoint
        }
        // only what reached RocksDB is in the snapshot: A's second event and B's first
        try (AlertHarness h = new AlertHarness(holding(10), snapshot, AlertHarness.rocksDb())) {
            h.send(of(A, T0 + 120));
            h.send(of(B, T0 + 120));
            assertThat(h.alerts()).extracting(a -> a.eventCount).containsExactly(3L, 2L);
        }
    }

    @Test
    void keysWrittenWhenPushedOutDoNotPileUpWhileNoCheckpointComes() throws Exception {
        AlertStateFunction f = holding(2);
        try (AlertHarness h = new AlertHarness(f, null, AlertHarness.rocksDb())) {
            for (long t = T0; t < T0 + 30 * 60; t += 60) {
                for (String md5 : List.of(A, B, C)) {
                    h.send(of(md5, t)); // three keys through a store of two: one pushed out each
                }
            }
            assertThat(f.store().evictions()).isGreaterThan(80);
            assertThat(f.store().listed()).isLessThanOrEqualTo(2 * 2 + 1);
            // and what is listed still reaches the backend at the next checkpoint
            var snapshot = h.snapshot();
            try (AlertHarness again =
                    new AlertHarness(holding(2), snapshot, AlertHarness.rocksDb())) {
                again.send(of(A, T0 + 30 * 60));
                again.send(of(C, T0 + 30 * 60));
                assertThat(again.alerts()).extracting(a -> a.eventCount).containsExactly(31L, 31L);
            }
        }
    }

    @Test
    void theBroadcastSideReadsWhatWasHeldAndLaterEventsSeeWhatItWrote() throws Exception {
        try (AlertHarness h = new AlertHarness(holding(10), null, AlertHarness.rocksDb())) {
            h.strategyRecord(
                    AlertHarness.STRATEGY, AlertHarness.strategy("recovery", false), T0 - 60);
            h.send(AlertHarness.strategyEvent(2, T0));
            String first = h.alerts().get(0).id;
            h.strategyRecord(AlertHarness.STRATEGY, null, T0 + 30); // deleted
            assertThat(h.alerts())
                    .extracting(a -> a.id + " " + a.status)
                    .containsExactly(first + " " + EventStatus.CLOSED);
            h.strategyRecord(
                    AlertHarness.STRATEGY, AlertHarness.strategy("recovery", false), T0 + 40);
            h.send(AlertHarness.strategyEvent(2, T0 + 60));
            // a new alert: the event found the state the broadcast side closed, not a stale one
            List<Alert> out = h.alerts();
            assertThat(out).hasSize(1);
            assertThat(out.get(0).id).isNotEqualTo(first);
            assertThat(out.get(0).eventCount).isEqualTo(1);
        }
    }

    @Test
    void theFunctionRefusesToRunWhereNothingWouldWriteItsStatesBack() throws Exception {
        try (var h =
                new KeyedBroadcastOperatorTestHarness<>(
                        new CoBroadcastWithKeyedOperator<>(
                                holding(10), List.of(Strategies.STATE, Shields.STATE)),
                        AlertStateFunction::key,
                        Types.STRING,
                        1,
                        1,
                        0)) {
            h.open();
            var record = new StreamRecord<>(AlertInput.of(of(A, T0)));
            assertThatThrownBy(() -> h.processElement(record))
                    .isInstanceOf(IllegalStateException.class);
        }
    }
}
