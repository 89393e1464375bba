package io.bkm.alarm.alert;

import static io.bkm.alarm.alert.AlertHarness.MD5;
import static io.bkm.alarm.alert.AlertHarness.T0;
import static io.bkm.alarm.alert.AlertHarness.abnormal;
import static io.bkm.alarm.alert.AlertHarness.op;
import static org.assertj.core.api.Assertions.assertThat;

import io.bkm.alarm.common.Reasons;
import io.bkm.alarm.model.Alert;
import io.bkm.alarm.model.AlertLog;
import io.bkm.alarm.model.AlertOp;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.TimerService;
import org.junit.jupiter.api.Test;

/** An alert another system raised, carried into the state: the job continues it. */
class CarriedAlertsTest {
    /** bk-monitor's id: its sequence comes from a Redis counter, not from the fingerprint. */
    private static final String BK_ID = T0 + "4242";

    private static Alert bkMonitorAlert() {
        Alert a = AlertBuilder.create(abnormal(T0), 0, 0, AlertBuilder.CLOSE_WINDOW_SECONDS);
        a.id = BK_ID;
        a.seqId = 4242L;
        a.version = 7L;
        a.eventCount = 12L;
        a.created = false;
        return a;
    }

    private static void carry(AlertHarness h, Alert a) throws Exception {
        KeyedStateBackend<Object> backend = h.h.getOperator().getKeyedStateBackend();
        backend.setCurrentKey(AlertIds.key(a.dedupeMd5));
        MapState<String, AlertState> alerts =
                backend.getPartitionedState(
                        VoidNamespace.INSTANCE,
                        VoidNamespaceSerializer.INSTANCE,
                        AlertStateFunction.ALERTS);
        alerts.put(a.dedupeMd5, CarriedAlerts.state(a, null));
    }

    @Test
    void theNextEventOfTheFingerprintConvergesIntoTheCarriedAlertUnderItsId() throws Exception {
        try (AlertHarness h = new AlertHarness()) {
            carry(h, bkMonitorAlert());
            h.send(abnormal(T0 + 60));
            List<Alert> versions = h.alerts();
            assertThat(versions).hasSize(1);
            assertThat(versions.get(0).id).isEqualTo(BK_ID);
            assertThat(versions.get(0).version).isEqualTo(8);
            assertThat(versions.get(0).eventCount).isEqualTo(13);
            assertThat(versions.get(0).latestTime).isEqualTo(T0 + 60);
            assertThat(h.logOps()).containsExactly(AlertLog.CONVERGE);
        }
    }

    @Test
    void anOperationReachesItByTheFingerprintItCarries() throws Exception {
        try (AlertHarness h = new AlertHarness()) {
            carry(h, bkMonitorAlert());
            // by its id alone it is looked for where one of the job's own ids would be
            h.send(op(AlertOp.ACK, BK_ID, T0 + 30));
            assertThat(h.deadLetters())
                    .singleElement()
                    .satisfies(d -> assertThat(d.reason).isEqualTo(Reasons.UNKNOWN_ALERT));

            AlertOp ack = op(AlertOp.ACK, BK_ID, T0 + 30);
            ack.dedupeMd5 = MD5;
            h.send(ack);
            assertThat(h.deadLetters()).isEmpty();
            Alert acked = h.alerts().get(0);
            assertThat(acked.id).isEqualTo(BK_ID);
            assertThat(acked.isAck).isTrue();
        }
    }

    @Test
    void theKeysTimerIsSetWhereTheAlertStateWouldHaveIt() throws Exception {
        Alert a = bkMonitorAlert();
        AlertState st = CarriedAlerts.state(a, null);
        Held wake = new Held();
        Timers timers = new Timers();
        CarriedAlerts.wake(st, AlertStateSettings.defaults(), wake, timers);
        // without strategy: closed after an hour without events
        assertThat(timers.registered).containsExactly(a.nextStatusTime * 1000L);
        assertThat(wake.value()).isEqualTo(a.nextStatusTime * 1000L);
    }

    /** A value state outside any backend. */
    private static final class Held implements ValueState<Long> {
        private Long value;

        @Override
        public Long value() {
            return value;
        }

        @Override
        public void update(Long v) {
            value = v;
        }

        @Override
        public void clear() {
            value = null;
        }
    }

    /** Records the processing-time timers registered. */
    private static final class Timers implements TimerService {
        final List<Long> registered = new ArrayList<>();

        @Override
        public long currentProcessingTime() {
            return 0;
        }

        @Override
        public long currentWatermark() {
            return Long.MIN_VALUE;
        }

        @Override
        public void registerProcessingTimeTimer(long time) {
            registered.add(time);
        }

        @Override
        public void registerEventTimeTimer(long time) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void deleteProcessingTimeTimer(long time) {
            registered.remove(time);
        }

        @Override
        public void deleteEventTimeTimer(long time) {
            throw new UnsupportedOperationException();
        }
    }
}
