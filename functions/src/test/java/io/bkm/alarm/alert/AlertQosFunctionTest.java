package io.bkm.alarm.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.bkm.alarm.SideOutputs;
import io.bkm.alarm.model.Alert;
import io.bkm.alarm.model.AlertChange;
import io.bkm.alarm.model.AlertOp;
import io.bkm.alarm.model.Event;
import io.bkm.alarm.model.EventStatus;
import io.bkm.alarm.model.Tag;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Alert QoS (§3.6) with a threshold of 3 new alerts per 60 s. */
class AlertQosFunctionTest {
    static final long T0 = 1_716_950_040L; // a minute boundary

    private KeyedOneInputStreamOperatorTestHarness<String, AlertChange, AlertChange> h;

    @BeforeEach
    void open() throws Exception {
        h = harness(3);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, AlertChange, AlertChange> harness(
            int threshold) throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new AlertQosFunction(threshold, 60), AlertQosFunction::key, Types.STRING);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, AlertChange, AlertChange>
            restored(OperatorSubtaskState snapshot) throws Exception {
        var r =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new AlertQosFunction(3, 60)),
                        AlertQosFunction::key,
                        Types.STRING);
        r.initializeState(snapshot);
        r.open();
        return r;
    }

    @AfterEach
    void close() throws Exception {
        h.close();
    }

    static Alert alert(int n, Long strategyId, int severity, long createTime) {
        Alert a = new Alert();
        a.id = createTime + "" + n;
        a.strategyId = strategyId;
        a.alertName = "Disk full";
        a.bkBizId = "5";
        a.severity = severity;
        a.status = EventStatus.ABNORMAL;
        a.createTime = createTime;
        a.updateTime = createTime;
        a.created = true;
        a.eventCount = 1L;
        a.event = new Event();
        a.event.tags = new Tag[] {new Tag("disk", "/data" + n)};
        return a;
    }

    /** The versions QoS lets out for {@code a}, read back from their documents. */
    private List<Alert> send(Alert a) throws Exception {
        h.getOutput().clear();
        h.processElement(AlertChanges.of(a), 0);
        return h.extractOutputValues().stream().map(AlertDocuments::read).toList();
    }

    private static Alert later(Alert a, String status, long at) {
        Alert v = a.copy();
        v.created = false;
        v.isBlocked = false;
        v.status = status;
        v.updateTime = at;
        return v;
    }

    @Test
    void newAlertsPastTheThresholdAreBlockedUntilTheyEnd() throws Exception {
        for (int n = 1; n <= 3; n++) {
            assertThat(send(alert(n, 900L, 2, T0 + n)).get(0).isBlocked).isNotEqualTo(true);
        }
        Alert fourth = alert(4, 900L, 2, T0 + 59);
        assertThat(send(fourth).get(0).isBlocked).isTrue();
        assertThat(SideOutputs.drain(h, AlertQosFunction.LOGS))
                .singleElement()
                .satisfies(
                        l -> {
                            assertThat(l.opType).isEqualTo("ALERT_QOS");
                            assertThat(l.alertId).isEqualTo(fourth.id);
                        });
        // every later version of it is blocked, the end too; then it is forgotten
        assertThat(send(later(fourth, EventStatus.ABNORMAL, T0 + 120)).get(0).isBlocked).isTrue();
        assertThat(send(later(fourth, EventStatus.CLOSED, T0 + 180)).get(0).isBlocked).isTrue();
        assertThat(send(later(fourth, EventStatus.CLOSED, T0 + 181)).get(0).isBlocked)
                .isNotEqualTo(true);
        // versions of the alerts let through are not counted again
        assertThat(
                        send(later(alert(1, 900L, 2, T0 + 1), EventStatus.ABNORMAL, T0 + 30))
                                .get(0)
                                .isBlocked)
                .isNotEqualTo(true);
        // the next window starts afresh
        assertThat(send(alert(5, 900L, 2, T0 + 60)).get(0).isBlocked).isNotEqualTo(true);
    }

    @Test
    void countsAreKeptPerStrategySignalAndSeverity() throws Exception {
        for (int n = 1; n <= 3; n++) {
            send(alert(n, 900L, 2, T0));
        }
        assertThat(send(alert(4, 900L, 1, T0)).get(0).isBlocked).as("severity").isNotEqualTo(true);
        assertThat(send(alert(5, 901L, 2, T0)).get(0).isBlocked).as("strategy").isNotEqualTo(true);
        Alert noData = alert(6, 900L, 2, T0);
        noData.event.tags = new Tag[] {new Tag("__NO_DATA_DIMENSION__", "true")};
        assertThat(send(noData).get(0).isBlocked).as("no_data signal").isNotEqualTo(true);
        assertThat(send(alert(7, 900L, 2, T0)).get(0).isBlocked).isTrue();
        // without strategy, the business and alert name are part of the key
        for (int n = 10; n <= 12; n++) {
            send(alert(n, null, 2, T0));
        }
        Alert otherName = alert(13, null, 2, T0);
        otherName.alertName = "CPU high";
        assertThat(send(otherName).get(0).isBlocked).isNotEqualTo(true);
        assertThat(send(alert(14, null, 2, T0)).get(0).isBlocked).isTrue();
        assertThat(AlertQosFunction.key(alert(1, null, 2, T0)))
                .startsWith("0|abnormal|2|")
                .hasSize("0|abnormal|2|".length() + 32);
    }

    @Test
    void aThresholdOfZeroLetsEverythingThroughAndKeepsNoState() throws Exception {
        h.close();
        h = harness(0);
        for (int n = 1; n <= 10; n++) {
            assertThat(send(alert(n, 900L, 2, T0)).get(0).isBlocked).isNotEqualTo(true);
        }
        assertThat(h.numKeyedStateEntries()).isZero();
    }

    @Test
    void aNewEventOnceTheFloodIsOverReleasesABlockedAlert() throws Exception {
        for (int n = 1; n <= 4; n++) {
            send(alert(n, 900L, 2, T0 + n));
        }
        Alert fourth = alert(4, 900L, 2, T0 + 4);
        SideOutputs.drain(h, AlertQosFunction.LOGS);
        // still in the flood's window: a new event leaves it blocked
        Alert again = later(fourth, EventStatus.ABNORMAL, T0 + 30);
        again.eventCount = 2L;
        assertThat(send(again).get(0).isBlocked).isTrue();
        // a version without a new event (a recovery check) does not release it
        assertThat(send(later(again, EventStatus.ABNORMAL, T0 + 90)).get(0).isBlocked).isTrue();
        assertThat(SideOutputs.drain(h, AlertQosFunction.RELEASES)).isEmpty();
        // a new event in a quiet window releases it: the alert state is asked to close it and
        // open another; until it has, the alert stays blocked
        Alert quiet = later(again, EventStatus.ABNORMAL, T0 + 100);
        quiet.eventCount = 3L;
        assertThat(send(quiet).get(0).isBlocked).isTrue();
        assertThat(SideOutputs.drain(h, AlertQosFunction.RELEASES))
                .singleElement()
                .satisfies(
                        op -> {
                            assertThat(op.op).isEqualTo(AlertOp.QOS_RELEASE);
                            assertThat(op.alertId).isEqualTo(fourth.id);
                            assertThat(op.time).isEqualTo(T0 + 100);
                            assertThat(op.reason)
                                    .isEqualTo(
                                            "flow control released: no more than 3 new alerts of"
                                                    + " this strategy, signal and severity within"
                                                    + " 60 s");
                        });
        // more events before the close ask for nothing more
        Alert more = later(quiet, EventStatus.ABNORMAL, T0 + 110);
        more.eventCount = 4L;
        assertThat(send(more).get(0).isBlocked).isTrue();
        assertThat(SideOutputs.drain(h, AlertQosFunction.RELEASES)).isEmpty();
        // the closed version is still blocked (as bk-monitor's), then the alert is forgotten
        assertThat(send(later(more, EventStatus.CLOSED, T0 + 111)).get(0).isBlocked).isTrue();
        assertThat(SideOutputs.drain(h, AlertQosFunction.LOGS)).isEmpty();
        assertThat(h.numKeyedStateEntries()).as("the window's count only").isEqualTo(1);
    }

    @Test
    void aReleaseOnItsWaySurvivesARestore() throws Exception {
        for (int n = 1; n <= 4; n++) {
            send(alert(n, 900L, 2, T0 + n));
        }
        Alert quiet = later(alert(4, 900L, 2, T0 + 4), EventStatus.ABNORMAL, T0 + 100);
        quiet.eventCount = 2L;
        send(quiet);
        assertThat(SideOutputs.drain(h, AlertQosFunction.RELEASES)).hasSize(1);
        var snapshot = h.snapshot(1, 1);
        h.close();
        h = restored(snapshot);
        Alert more = later(quiet, EventStatus.ABNORMAL, T0 + 110);
        more.eventCount = 3L;
        assertThat(send(more).get(0).isBlocked).isTrue();
        assertThat(SideOutputs.drain(h, AlertQosFunction.RELEASES)).isEmpty();
    }
}
