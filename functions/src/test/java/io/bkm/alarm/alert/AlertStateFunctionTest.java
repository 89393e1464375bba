package io.bkm.alarm.alert;

import static io.bkm.alarm.alert.AlertHarness.MD5;
import static io.bkm.alarm.alert.AlertHarness.T0;
import static io.bkm.alarm.alert.AlertHarness.abnormal;
import static io.bkm.alarm.alert.AlertHarness.event;
import static io.bkm.alarm.alert.AlertHarness.op;
import static org.assertj.core.api.Assertions.assertThat;

import io.bkm.alarm.model.Alert;
import io.bkm.alarm.model.AlertInput;
import io.bkm.alarm.model.AlertLog;
import io.bkm.alarm.model.AlertOp;
import io.bkm.alarm.model.Event;
import io.bkm.alarm.model.EventStatus;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The decision table of §4.3, the expiry rule, de-duplication and the close window. */
class AlertStateFunctionTest {
    private static final long HOUR = 3600;
    private AlertHarness h;

    @BeforeEach
    void setUp() throws Exception {
        h = new AlertHarness();
    }

    @AfterEach
    void tearDown() throws Exception {
        h.close();
    }

    /** Runs the clock far enough for every alert to end and every remembered id to go. */
    private void assertEverythingEndsBy(long seconds) throws Exception {
        h.clockAt(seconds);
        assertThat(h.stateEntries()).isZero();
        assertThat(h.timers()).isZero();
    }

    @Test
    void onlyTheFirstVersionOfAnAlertSaysItCreatedIt() throws Exception {
        h.send(abnormal(T0));
        h.send(abnormal(T0 + 60));
        assertThat(h.alerts()).extracting(a -> a.created).containsExactly(true, false);
    }

    /** Through the operator: what the state keeps of a converged event shares its strings. */
    @Test
    void aConvergedEventKeptByItsAlertSharesTheStringsOfTheEventBefore() throws Exception {
        Event first = abnormal(T0);
        Event newer = abnormal(T0 + 60);
        newer.alertName = new String(first.alertName);
        newer.target = new String(first.target);
        Event older = abnormal(T0 - 60);
        older.alertName = new String(first.alertName);

        h.send(first);
        h.send(newer);
        h.send(older);

        assertThat(newer.alertName).isSameAs(first.alertName);
        assertThat(newer.target).isSameAs(first.target);
        assertThat(older.alertName).as("not kept: left as it came").isNotSameAs(first.alertName);
        assertThat(h.alerts()).last().extracting(a -> a.eventCount).isEqualTo(3L);
    }

    @Test
    void noAlertAndAnAbnormalEventCreatesOneWithABkMonitorStyleId() throws Exception {
        h.send(event(EventStatus.ABNORMAL, 2, T0, T0 + 2));

        Alert a = h.alerts().get(0);
        assertThat(a.id).isEqualTo(AlertIds.id(T0 + 2, AlertIds.sequence(MD5, 0)));
        assertThat(a.id).isEqualTo((T0 + 2) + Long.toString(a.seqId));
        assertThat(a.status).isEqualTo(EventStatus.ABNORMAL);
        assertThat(a.eventCount).isEqualTo(1L);
        assertThat(a.version).isEqualTo(1L);
        assertThat(a.beginTime).isEqualTo(T0);
        assertThat(a.duration).isEqualTo(60L);
        assertThat(a.nextStatus).isEqualTo(EventStatus.CLOSED);
        assertThat(a.nextStatusTime).isEqualTo(T0 + 2 + HOUR);
        assertThat(a.dimensions)
                .extracting(d -> d.key + "=" + d.value)
                .containsExactly("tags.disk=/data");
        List<AlertLog> logs = h.logs();
        assertThat(logs).extracting(l -> l.opType).containsExactly(AlertLog.CREATE);
        assertThat(logs.get(0).id).isEqualTo(a.id + ".CREATE.0");
        assertThat(logs.get(0).eventId).isEqualTo(a.event.id);
        // one timer: the close window (the id sweep comes later and shares it)
        assertThat(h.timers()).isEqualTo(1);
    }

    @Test
    void noAlertAndARecoveryOrCloseEventIsIgnored() throws Exception {
        h.send(event(EventStatus.RECOVERED, 2, T0, T0));
        h.send(event(EventStatus.CLOSED, 2, T0, T0));
        assertThat(h.alerts()).isEmpty();
        assertThat(h.logs()).isEmpty();
        assertEverythingEndsBy(T0 + 26 * HOUR);
    }

    @Test
    void equalSeverityConvergesAndTheCloseWindowMovesWithoutMoreTimers() throws Exception {
        h.send(abnormal(T0));
        h.send(abnormal(T0 + 60));
        h.send(abnormal(T0 + 120));

        List<Alert> out = h.alerts();
        Alert last = out.get(2);
        assertThat(last.id).isEqualTo(out.get(0).id);
        assertThat(last.eventCount).isEqualTo(3L);
        assertThat(last.version).isEqualTo(3L);
        assertThat(last.latestTime).isEqualTo(T0 + 120);
        assertThat(last.duration).isEqualTo(120L);
        assertThat(last.event.time).isEqualTo(T0 + 120);
        assertThat(last.nextStatusTime).isEqualTo(T0 + 120 + HOUR);
        assertThat(h.logOps())
                .containsExactly(AlertLog.CREATE, AlertLog.CONVERGE, AlertLog.CONVERGE);
        assertThat(h.timers()).isEqualTo(1);
    }

    @Test
    void anOlderEventLowersTheBeginTimeOnly() throws Exception {
        h.send(abnormal(T0));
        h.send(event(EventStatus.ABNORMAL, 2, T0 - 300, T0 + 5));
        Alert a = h.alerts().get(1);
        assertThat(a.beginTime).isEqualTo(T0 - 300);
        assertThat(a.latestTime).isEqualTo(T0);
        assertThat(a.event.time).isEqualTo(T0);
        assertThat(a.firstAnomalyTime).isEqualTo(T0 - 300);
        assertThat(a.nextStatusTime).isEqualTo(T0 + HOUR);
    }

    @Test
    void aMoreSevereEventClosesTheAlertAndOpensANewOne() throws Exception {
        h.send(abnormal(T0));
        h.send(event(EventStatus.ABNORMAL, 1, T0 - 30, T0 + 60));

        List<Alert> out = h.alerts();
        assertThat(out).hasSize(3);
        Alert closed = out.get(1);
        Alert fatal = out.get(2);
        assertThat(closed.id).isEqualTo(out.get(0).id);
        assertThat(closed.status).isEqualTo(EventStatus.CLOSED);
        // max(event time, the alert's latest time)
        assertThat(closed.endTime).isEqualTo(T0);
        assertThat(closed.extraInfo).contains(AlertEvents.HIGHER_SEVERITY);
        assertThat(fatal.id).isNotEqualTo(closed.id);
        assertThat(fatal.severity).isEqualTo(1);
        assertThat(fatal.status).isEqualTo(EventStatus.ABNORMAL);
        assertThat(fatal.version).isGreaterThan(closed.version);
        assertThat(h.logOps()).containsExactly(AlertLog.CREATE, AlertLog.CLOSE, AlertLog.CREATE);
        // an operation on the replaced alert is late, not unknown
        h.send(op(AlertOp.ACK, closed.id, T0 + 70));
        assertThat(h.deadLetters()).extracting(d -> d.reason).containsExactly("alert_ended");
    }

    @Test
    void aLessSevereEventIsDroppedAndLoggedRecoveryEventsIncluded() throws Exception {
        h.send(abnormal(T0));
        h.logs();
        h.alerts();
        h.send(event(EventStatus.ABNORMAL, 3, T0 + 60, T0 + 60));
        h.send(event(EventStatus.RECOVERED, 3, T0 + 120, T0 + 120));

        assertThat(h.alerts()).isEmpty();
        List<AlertLog> logs = h.logs();
        assertThat(logs)
                .extracting(l -> l.opType)
                .containsExactly(AlertLog.EVENT_DROP, AlertLog.EVENT_DROP);
        assertThat(logs).extracting(l -> l.status).containsOnly(EventStatus.ABNORMAL);
        // the alert is untouched: the next accepted event finds version 1
        h.send(abnormal(T0 + 180));
        assertThat(h.alerts().get(0).version).isEqualTo(2L);
    }

    @Test
    void recoveredAndClosedEventsEndTheAlert() throws Exception {
        h.send(abnormal(T0));
        h.send(event(EventStatus.RECOVERED, 2, T0 + 300, T0 + 301));
        Alert recovered = h.alerts().get(1);
        assertThat(recovered.status).isEqualTo(EventStatus.RECOVERED);
        assertThat(recovered.endTime).isEqualTo(T0 + 300);
        assertThat(recovered.nextStatusTime).isNull();
        assertThat(recovered.ackDuration).isEqualTo(300L);
        assertThat(h.logOps()).containsExactly(AlertLog.CREATE, AlertLog.RECOVER);

        h.send(abnormal(T0 + 400));
        h.send(event(EventStatus.CLOSED, 2, T0 + 500, T0 + 500));
        assertThat(h.alerts().get(1).status).isEqualTo(EventStatus.CLOSED);
        // the fourth change between abnormal and ended within the flap window
        assertThat(h.logOps()).containsExactly(AlertLog.CREATE, AlertLog.CLOSE, AlertLog.FLAPPING);
    }

    @Test
    void afterTheEndOnlyAnAbnormalEventFromAMinuteBeforeTheEndOnOpensANewAlert() throws Exception {
        h.send(abnormal(T0));
        h.send(event(EventStatus.CLOSED, 2, T0 + 600, T0 + 600));
        Alert ended = h.alerts().get(1);

        // access time before end − 60: expired, changes nothing
        h.send(event(EventStatus.ABNORMAL, 2, T0 + 539, T0 + 700));
        assertThat(h.alerts()).isEmpty();

        h.send(event(EventStatus.ABNORMAL, 2, T0 + 540, T0 + 701));
        Alert next = h.alerts().get(0);
        assertThat(next.id).isNotEqualTo(ended.id);
        assertThat(next.seqId).isEqualTo(AlertIds.sequence(MD5, 1));
        assertThat(next.eventCount).isEqualTo(1L);
        assertThat(next.version).isEqualTo(ended.version + 1);
    }

    @Test
    void eventsMoreThanADayOlderThanTheirArrivalExpire() throws Exception {
        h.send(event(EventStatus.ABNORMAL, 2, T0 - 86_401, T0));
        assertThat(h.alerts()).isEmpty();
        h.send(event(EventStatus.ABNORMAL, 2, T0 - 86_400, T0));
        assertThat(h.alerts()).hasSize(1);
    }

    @Test
    void aRepeatedEventIdChangesNothingUntilTheIdIsForgotten() throws Exception {
        h.send(abnormal(T0));
        h.send(abnormal(T0));
        assertThat(h.alerts()).hasSize(1);
        assertThat(h.logOps()).containsExactly(AlertLog.CREATE);

        // the alert closes after an hour and is dropped two hours later; the id lives 25 h
        h.clockAt(T0 + 4 * HOUR);
        assertThat(h.alerts()).extracting(a -> a.status).containsExactly(EventStatus.CLOSED);
        h.send(abnormal(T0));
        assertThat(h.alerts()).isEmpty();
        assertThat(h.timers()).isEqualTo(1);
        assertEverythingEndsBy(T0 + 26 * HOUR);
    }

    @Test
    void withoutStrategyTheAlertClosesAtTheEndOfTheCloseWindow() throws Exception {
        h.send(abnormal(T0));
        h.send(abnormal(T0 + 600));
        h.alerts();
        h.logs();

        h.clockAt(T0 + 600 + HOUR - 1);
        assertThat(h.alerts()).isEmpty();
        h.clockAt(T0 + 600 + HOUR + 5);

        Alert closed = h.alerts().get(0);
        assertThat(closed.status).isEqualTo(EventStatus.CLOSED);
        assertThat(closed.endTime).isEqualTo(T0 + 600 + HOUR);
        assertThat(closed.updateTime).isEqualTo(T0 + 600 + HOUR);
        assertThat(closed.version).isEqualTo(3L);
        List<AlertLog> logs = h.logs();
        assertThat(logs).extracting(l -> l.opType).containsExactly(AlertLog.SYSTEM_CLOSE);
        assertThat(logs.get(0).createTime).isEqualTo(T0 + 600 + HOUR);

        // kept 2 h for the expiry rule, then gone with its timers
        h.clockAt(T0 + 600 + 3 * HOUR - 1);
        assertThat(h.timers()).isEqualTo(1);
        h.send(event(EventStatus.ABNORMAL, 2, T0 + 600 + HOUR - 61, T0 + 600 + 3 * HOUR - 1));
        assertThat(h.alerts()).isEmpty(); // the ended alert is still there to expire it
        assertEverythingEndsBy(T0 + 30 * HOUR);
    }

    @Test
    void theCloseWindowComesFromSettings() throws Exception {
        h.close();
        h = new AlertHarness(new AlertStateSettings(120, 600, 1800, "UTC", 2, 4, 1800), null);
        h.send(abnormal(T0));
        h.clockAt(T0 + 120);
        assertThat(h.alerts())
                .extracting(a -> a.status)
                .containsExactly(EventStatus.ABNORMAL, EventStatus.CLOSED);
        assertEverythingEndsBy(T0 + 2 * HOUR + 1);
    }

    @Test
    void ackUnackAndCloseByAUser() throws Exception {
        h.send(abnormal(T0));
        String id = h.alerts().get(0).id;
        h.logs();

        h.send(op(AlertOp.ACK, id, T0 + 90));
        Alert acked = h.alerts().get(0);
        assertThat(acked.isAck).isTrue();
        assertThat(acked.ackOperator).isEqualTo("alice");
        assertThat(acked.ackDuration).isEqualTo(90L);
        assertThat(acked.version).isEqualTo(2L);
        h.send(op(AlertOp.ACK, id, T0 + 95));
        assertThat(h.alerts()).isEmpty(); // already acked: nothing changes

        h.send(op(AlertOp.UNACK, id, T0 + 100));
        Alert unacked = h.alerts().get(0);
        assertThat(unacked.isAck).isFalse();
        assertThat(unacked.ackDuration).isEqualTo(90L); // set once

        h.send(op(AlertOp.CLOSE, id, T0 + 200));
        Alert closed = h.alerts().get(0);
        assertThat(closed.status).isEqualTo(EventStatus.CLOSED);
        assertThat(closed.endTime).isEqualTo(T0 + 200);
        assertThat(closed.extraInfo).contains("closed by alice: on it");
        List<AlertLog> logs = h.logs();
        assertThat(logs)
                .extracting(l -> l.opType)
                .containsExactly(AlertLog.ACK, AlertLog.ACK, AlertLog.CLOSE);
        assertThat(logs).extracting(l -> l.operator).containsOnly("alice");
        assertThat(h.deadLetters()).isEmpty();
    }

    @Test
    void aReleaseFromFlowControlClosesTheAlertAndOpensOneFromItsNewestEvent() throws Exception {
        h.send(abnormal(T0));
        h.send(abnormal(T0 + 120));
        Alert blocked = h.alerts().get(1);
        h.logs();
        AlertOp release = op(AlertOp.QOS_RELEASE, blocked.id, T0 + 120);
        release.reason = "flow control released: no more than 200 new alerts";
        h.send(release);

        List<Alert> out = h.alerts();
        assertThat(out).hasSize(2);
        Alert closed = out.get(0);
        assertThat(closed.id).isEqualTo(blocked.id);
        assertThat(closed.status).isEqualTo(EventStatus.CLOSED);
        assertThat(closed.endTime).isEqualTo(T0 + 120);
        assertThat(closed.eventCount).isEqualTo(2L);
        assertThat(closed.extraInfo).contains(release.reason);
        Alert successor = out.get(1);
        assertThat(successor.id).isNotEqualTo(blocked.id);
        assertThat(successor.created).isTrue();
        assertThat(successor.status).isEqualTo(EventStatus.ABNORMAL);
        assertThat(successor.beginTime).isEqualTo(T0 + 120);
        assertThat(successor.createTime).isEqualTo(T0 + 120);
        assertThat(successor.eventCount).isEqualTo(1L);
        assertThat(successor.event.id).isEqualTo(blocked.event.id);
        assertThat(successor.version).isGreaterThan(closed.version);
        List<AlertLog> logs = h.logs();
        assertThat(logs).extracting(l -> l.opType).containsExactly(AlertLog.CLOSE, AlertLog.CREATE);
        assertThat(logs.get(0).description).isEqualTo(release.reason);
        // later events go to the successor
        h.send(abnormal(T0 + 180));
        assertThat(h.alerts()).extracting(a -> a.id).containsExactly(successor.id);

        // a release that comes after its alert ended (or was replaced) changes nothing, and is
        // no error
        h.send(event(EventStatus.CLOSED, 2, T0 + 200, T0 + 200));
        h.alerts();
        h.logs();
        h.send(op(AlertOp.QOS_RELEASE, successor.id, T0 + 210));
        h.send(op(AlertOp.QOS_RELEASE, blocked.id, T0 + 210));
        assertThat(h.alerts()).isEmpty();
        assertThat(h.logs()).isEmpty();
        assertThat(h.deadLetters()).isEmpty();
        // one for an alert never held is no release of ours: reported, like a user's operation
        String unknown = AlertIds.id(T0, AlertIds.sequence(MD5, 7));
        h.send(op(AlertOp.QOS_RELEASE, unknown, T0 + 220));
        assertThat(h.alerts()).isEmpty();
        assertThat(h.deadLetters()).extracting(d -> d.reason).containsExactly("unknown_alert");
        assertEverythingEndsBy(T0 + 26 * HOUR);
    }

    @Test
    void operationsForUnknownOrEndedAlertsAreDeadLettersAndChangeNothing() throws Exception {
        h.send(abnormal(T0));
        String id = h.alerts().get(0).id;
        // same key, another generation: no such alert
        String other = id.substring(0, id.length() - 1) + (id.endsWith("0") ? "1" : "0");
        h.send(op(AlertOp.ACK, other, T0 + 10));
        h.send(op(AlertOp.ACK, AlertIds.id(T0, AlertIds.sequence("ffffffffffff", 0)), T0 + 10));
        h.send(event(EventStatus.CLOSED, 2, T0 + 20, T0 + 20));
        h.alerts();
        h.send(op(AlertOp.CLOSE, id, T0 + 30));

        assertThat(h.alerts()).isEmpty();
        assertThat(h.deadLetters())
                .extracting(d -> d.reason)
                .containsExactly("unknown_alert", "unknown_alert", "alert_ended");
    }

    @Test
    void operationsReachTheStateOfTheirAlert() {
        AlertInput e = AlertInput.of(abnormal(T0));
        String id = AlertIds.id(T0, AlertIds.sequence(MD5, 7));
        assertThat(AlertStateFunction.key(AlertInput.of(op(AlertOp.ACK, id, T0))))
                .isEqualTo(AlertStateFunction.key(e));
        assertThat(AlertIds.keyOfId("not-an-id")).isNull();
        assertThat(AlertIds.keyOfId("1716950037")).isNull();
        // a sender's non-hex dedupe_md5 is hashed into the same shape
        String odd = "my-own-fingerprint";
        assertThat(AlertIds.keyOfId(AlertIds.id(T0, AlertIds.sequence(odd, 3))))
                .isEqualTo(AlertIds.key(odd));
    }

    @Test
    void stateAndTimersSurviveSnapshotAndRestore() throws Exception {
        h.send(abnormal(T0));
        h.send(abnormal(T0 + 60));
        String id = h.alerts().get(0).id;
        OperatorSubtaskState snapshot = h.snapshot();
        h.close();

        h = new AlertHarness(AlertStateSettings.defaults(), snapshot);
        assertThat(h.timers()).isEqualTo(1);
        h.send(abnormal(T0 + 60)); // still a repeat after the restore
        h.send(abnormal(T0 + 120));
        Alert a = h.alerts().get(0);
        assertThat(a.id).isEqualTo(id);
        assertThat(a.eventCount).isEqualTo(3L);
        assertThat(a.version).isEqualTo(3L);
        assertThat(h.logs()).extracting(l -> l.id).containsExactly(id + ".CONVERGE.2");

        h.clockAt(T0 + 120 + HOUR);
        assertThat(h.alerts()).extracting(x -> x.status).containsExactly(EventStatus.CLOSED);
        assertEverythingEndsBy(T0 + 26 * HOUR);
    }
}
