package io.bkm.alarm.alert;

import static io.bkm.alarm.alert.AlertHarness.T0;
import static io.bkm.alarm.alert.AlertHarness.abnormal;
import static io.bkm.alarm.alert.AlertHarness.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.bkm.alarm.model.Action;
import io.bkm.alarm.model.Alert;
import io.bkm.alarm.model.AlertChange;
import io.bkm.alarm.model.AlertLog;
import io.bkm.alarm.model.EventStatus;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Flap detection through the alert operator, on a processing clock set by the test. */
class AlertFlappingTest {
    private static final long WINDOW = 1800;
    private static final long FAR = T0 + 200_000;

    private AlertHarness h;

    private AlertHarness harness(int count, OperatorSubtaskState restore) throws Exception {
        h = new AlertHarness(AlertStateSettings.defaults().withFlapping(count, WINDOW), restore);
        h.clockAt(T0);
        return h;
    }

    @AfterEach
    void tearDown() throws Exception {
        h.close();
    }

    private void recovered(long time) throws Exception {
        h.send(event(EventStatus.RECOVERED, 2, time, time));
    }

    /** Abnormal at T0, recovered, abnormal, recovered at T0 + 180: four changes in 180 s. */
    private void flapTwice() throws Exception {
        h.send(abnormal(T0));
        recovered(T0 + 60);
        h.send(abnormal(T0 + 120));
        recovered(T0 + 180);
    }

    @Test
    void theFourthChangeWithinTheWindowMakesTheFingerprintFlap() throws Exception {
        harness(4, null);
        flapTwice();

        List<AlertChange> changes = h.changes();
        assertThat(changes).hasSize(4);
        AlertChange started = changes.get(3);
        assertThat(started.isAbnormal()).isFalse();
        assertThat(started.flapping).isTrue();
        assertThat(started.flapNotice).isEqualTo(Action.FLAPPING);
        assertThat(AlertDocuments.read(started).isFlapping).isTrue();
        assertThat(changes.subList(0, 3))
                .allSatisfy(
                        c -> {
                            assertThat(c.flapping).isFalse();
                            assertThat(c.flapNotice).isNull();
                            assertThat(AlertDocuments.read(c).isFlapping).isNull();
                        });
        List<AlertLog> logs = h.logs();
        assertThat(logs)
                .extracting(l -> l.opType)
                .containsExactly(
                        AlertLog.CREATE,
                        AlertLog.RECOVER,
                        AlertLog.CREATE,
                        AlertLog.RECOVER,
                        AlertLog.FLAPPING);
        AlertLog flapping = logs.get(4);
        assertThat(flapping.alertId).isEqualTo(started.id());
        assertThat(flapping.createTime).isEqualTo(T0 + 180);
        assertThat(flapping.id).isEqualTo(started.id() + ".FLAPPING.2");

        // a further alert of the fingerprint flaps from its start, calling for no notice of it
        h.send(abnormal(T0 + 240));
        AlertChange third = h.changes().get(0);
        assertThat(third.flapping).isTrue();
        assertThat(third.flapNotice).isNull();
        assertThat(AlertDocuments.read(third).isFlapping).isTrue();
        assertThat(h.logOps()).containsExactly(AlertLog.CREATE);

        // quiet for the window after its last change: it stops flapping, in a new version
        h.clockAt(T0 + 240 + WINDOW - 1);
        assertThat(h.changes()).isEmpty();
        h.clockAt(T0 + 240 + WINDOW);
        List<AlertChange> stopped = h.changes();
        assertThat(stopped).hasSize(1);
        AlertChange end = stopped.get(0);
        assertThat(end.id()).isEqualTo(third.id());
        assertThat(end.isAbnormal()).isTrue();
        assertThat(end.flapping).isFalse();
        assertThat(end.flapNotice).isEqualTo(AlertChange.FLAPPING_END);
        assertThat(end.version).isEqualTo(third.version + 1);
        assertThat(end.updateTime).isEqualTo(T0 + 240 + WINDOW);
        assertThat(AlertDocuments.read(end).isFlapping).isFalse();
        assertThat(h.logOps()).containsExactly(AlertLog.FLAPPING_END);

        // the close window then ends it as any other; state and timers go
        h.clockAt(FAR);
        assertThat(h.logOps()).containsExactly(AlertLog.SYSTEM_CLOSE);
        assertThat(h.changes()).extracting(c -> c.flapNotice).containsExactly((String) null);
        assertThat(h.stateEntries()).isZero();
        assertThat(h.timers()).isZero();
    }

    @Test
    void anEndedAlertStopsFlappingAfterTheWindowAndItsStateStillGoes() throws Exception {
        harness(4, null);
        flapTwice();
        h.changes();
        h.logs();

        h.clockAt(T0 + 180 + WINDOW);
        AlertChange end = h.changes().get(0);
        assertThat(end.isAbnormal()).isFalse();
        assertThat(end.flapNotice).isEqualTo(AlertChange.FLAPPING_END);
        Alert doc = AlertDocuments.read(end);
        assertThat(doc.isFlapping).isFalse();
        assertThat(doc.status).isEqualTo(EventStatus.RECOVERED);
        assertThat(doc.endTime).as("its end stays").isEqualTo(T0 + 180);
        assertThat(h.logOps()).containsExactly(AlertLog.FLAPPING_END);

        h.clockAt(FAR);
        assertThat(h.changes()).isEmpty();
        assertThat(h.stateEntries()).isZero();
        assertThat(h.timers()).isZero();
    }

    @Test
    void changesSpreadWiderThanTheWindowDoNotFlapUntilTheLatestOnesFitIn() throws Exception {
        harness(4, null);
        h.send(abnormal(T0));
        recovered(T0 + 600);
        h.send(abnormal(T0 + 1200));
        recovered(T0 + 1801); // four changes over 1,801 s
        assertThat(h.logOps()).doesNotContain(AlertLog.FLAPPING);
        h.send(abnormal(T0 + 1900)); // the latest four over 1,300 s
        assertThat(h.logOps()).containsExactly(AlertLog.CREATE, AlertLog.FLAPPING);
    }

    @Test
    void anAlertReplacedByAMoreSevereOneIsNoChange() throws Exception {
        harness(4, null);
        h.send(abnormal(T0));
        recovered(T0 + 60);
        h.send(abnormal(T0 + 120));
        h.send(event(EventStatus.ABNORMAL, 1, T0 + 150, T0 + 150)); // closed, a fatal one opens
        assertThat(h.logOps())
                .containsExactly(
                        AlertLog.CREATE,
                        AlertLog.RECOVER,
                        AlertLog.CREATE,
                        AlertLog.CLOSE,
                        AlertLog.CREATE);
        h.send(event(EventStatus.RECOVERED, 1, T0 + 180, T0 + 180));
        assertThat(h.logOps()).containsExactly(AlertLog.RECOVER, AlertLog.FLAPPING);
    }

    @Test
    void aCountOfZeroSwitchesItOff() throws Exception {
        harness(0, null);
        flapTwice();
        h.send(abnormal(T0 + 240));
        recovered(T0 + 300);
        assertThat(h.logOps()).doesNotContain(AlertLog.FLAPPING);
        assertThat(h.changes())
                .allSatisfy(
                        c -> {
                            assertThat(c.flapping).isFalse();
                            assertThat(c.flapNotice).isNull();
                        });
    }

    @Test
    void theChangesAndTheFlappingSurviveRestores() throws Exception {
        harness(4, null);
        h.send(abnormal(T0));
        recovered(T0 + 60);
        h.send(abnormal(T0 + 120));
        OperatorSubtaskState three = h.snapshot();
        h.close();

        harness(4, three);
        recovered(T0 + 180);
        assertThat(h.logOps()).containsExactly(AlertLog.RECOVER, AlertLog.FLAPPING);
        OperatorSubtaskState flapping = h.snapshot();
        h.close();

        harness(4, flapping);
        h.clockAt(T0 + 180 + WINDOW);
        assertThat(h.changes())
                .extracting(c -> c.flapNotice)
                .containsExactly(AlertChange.FLAPPING_END);
    }
}
