package io.bkm.alarm.alert;

import static io.bkm.alarm.alert.AlertHarness.MD5;
import static io.bkm.alarm.alert.AlertHarness.T0;
import static io.bkm.alarm.alert.AlertHarness.abnormal;
import static org.assertj.core.api.Assertions.assertThat;

import io.bkm.alarm.model.Alert;
import io.bkm.alarm.model.AlertLog;
import java.io.ObjectInputStream;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.junit.jupiter.api.Test;

/**
 * State written by an earlier version of the alert operator restores into this one, as a savepoint
 * upgrade needs. The snapshot was taken at commit 96ae24e, before {@link IdWatch}: the operator in
 * a {@code KeyedBroadcastOperatorTestHarness} on {@link AlertHarness#rocksDb()}, one event ({@code
 * abnormal(T0)} of {@link AlertHarness#MD5}), then {@code snapshot(1, 0)} written with an {@code
 * ObjectOutputStream}. Its alert state has no watch. It holds Flink's own handle classes, so a
 * Flink upgrade may need it taken again the same way at that commit.
 */
class AlertStateUpgradeTest {
    private static final String BEFORE_ID_WATCH = "/snapshots/alert-state-96ae24e-rocksdb.bin";

    private static OperatorSubtaskState snapshot(String resource) throws Exception {
        try (var in =
                new ObjectInputStream(AlertStateUpgradeTest.class.getResourceAsStream(resource))) {
            return (OperatorSubtaskState) in.readObject();
        }
    }

    @Test
    void stateFromBeforeTheIdWatchGoesOnAndLooksIdsUp() throws Exception {
        var f =
                new AlertStateFunction(
                        AlertHarness.SHIPPED, AlertStateSettings.defaults(), 1 << 20);
        try (AlertHarness h =
                new AlertHarness(f, snapshot(BEFORE_ID_WATCH), AlertHarness.rocksDb())) {
            h.send(abnormal(T0)); // the event the snapshot holds, resent
            assertThat(h.alerts()).isEmpty();

            h.send(abnormal(T0 + 60));
            List<Alert> out = h.alerts();
            assertThat(out).hasSize(1);
            Alert a = out.get(0);
            assertThat(a.id).isEqualTo(AlertIds.id(T0, AlertIds.sequence(MD5, 0)));
            assertThat(a.eventCount).isEqualTo(2);
            assertThat(a.version).isEqualTo(2);
            assertThat(h.logOps()).containsExactly(AlertLog.CONVERGE);
            // a state without watch looks every id up
            assertThat(f.idLookupsSaved()).isZero();
        }
    }
}
