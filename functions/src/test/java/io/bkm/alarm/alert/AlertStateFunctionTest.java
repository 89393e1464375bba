package io.bkm.alarm.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.bkm.alarm.model.Alert;
import io.bkm.alarm.model.Event;
import io.bkm.alarm.model.EventStatus;
import io.bkm.alarm.model.Tag;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AlertStateFunctionTest {
    private static final String MD5 = "7bf1b8b2bae7e42575892b6e794a0bde";
    private static final long T0 = 1_716_950_100L;

    private KeyedOneInputStreamOperatorTestHarness<String, Event, Alert> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = newHarness();
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, Event, Alert> newHarness()
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new AlertStateFunction()),
                e -> e.dedupeMd5,
                Types.STRING);
    }

    static Event event(String status, long time, long receivedAt) {
        Event e = new Event();
        e.id = "ev-" + status + "-" + time;
        e.eventId = e.id;
        e.pluginId = "zabbix";
        e.alertName = "CPU usage high";
        e.status = status;
        e.severity = 2;
        e.time = time;
        e.anomalyTime = time;
        e.createTime = receivedAt;
        e.targetType = "HOST";
        e.target = "10.0.0.1|0";
        e.bkBizId = "5";
        e.bkTenantId = "system";
        e.dedupeKeys =
                new String[] {"alert_name", "target_type", "target", "bk_biz_id", "tags.disk"};
        e.tags = new Tag[] {new Tag("disk", "/data")};
        e.dedupeMd5 = MD5;
        return e;
    }

    private List<Alert> drain() {
        List<Alert> out = harness.extractOutputValues();
        harness.getOutput().clear();
        return out;
    }

    private void send(Event e) throws Exception {
        harness.processElement(new StreamRecord<>(e));
    }

    @Test
    void firstAbnormalEventCreatesAnAlertWithABkMonitorStyleId() throws Exception {
        send(event(EventStatus.ABNORMAL, T0, T0 + 2));

        List<Alert> out = drain();
        assertThat(out).hasSize(1);
        Alert a = out.get(0);
        assertThat(a.id)
                .startsWith(Long.toString(T0 + 2))
                .isEqualTo((T0 + 2) + Long.toString(a.seqId));
        assertThat(a.id).isEqualTo(AlertIds.id(T0 + 2, AlertIds.sequence(MD5, 0)));
        assertThat(a.status).isEqualTo(EventStatus.ABNORMAL);
        assertThat(a.eventCount).isEqualTo(1L);
        assertThat(a.version).isEqualTo(1L);
        assertThat(a.beginTime).isEqualTo(T0);
        assertThat(a.duration).isEqualTo(60L);
        assertThat(a.nextStatus).isEqualTo(EventStatus.CLOSED);
        assertThat(a.nextStatusTime).isEqualTo(T0 + 2 + 3600);
        assertThat(a.dimensions)
                .extracting(d -> d.key + "=" + d.value)
                .containsExactly("tags.disk=/data");
        assertThat(a.extraInfo).contains("\"agg_dimensions\"");
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);
    }

    @Test
    void laterAbnormalEventsConvergeAndCount() throws Exception {
        send(event(EventStatus.ABNORMAL, T0, T0));
        send(event(EventStatus.ABNORMAL, T0 + 60, T0 + 61));
        send(event(EventStatus.ABNORMAL, T0 + 120, T0 + 121));

        List<Alert> out = drain();
        assertThat(out).hasSize(3);
        Alert last = out.get(2);
        assertThat(last.id).isEqualTo(out.get(0).id);
        assertThat(last.eventCount).isEqualTo(3L);
        assertThat(last.version).isEqualTo(3L);
        assertThat(last.latestTime).isEqualTo(T0 + 120);
        assertThat(last.duration).isEqualTo(120L);
        assertThat(last.nextStatusTime).isEqualTo(T0 + 121 + 3600);
        assertThat(last.event.time).isEqualTo(T0 + 120);
        // the close timer moved with the last event, it did not pile up
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);
    }

    @Test
    void olderAbnormalEventLowersBeginTimeOnly() throws Exception {
        send(event(EventStatus.ABNORMAL, T0, T0));
        send(event(EventStatus.ABNORMAL, T0 - 300, T0 + 5));
        Alert a = drain().get(1);
        assertThat(a.beginTime).isEqualTo(T0 - 300);
        assertThat(a.latestTime).isEqualTo(T0);
        assertThat(a.event.time).isEqualTo(T0);
        assertThat(a.eventCount).isEqualTo(2L);
    }

    @Test
    void recoveryEventEndsTheAlertAndStateIsClearedTwoHoursLater() throws Exception {
        send(event(EventStatus.ABNORMAL, T0, T0));
        send(event(EventStatus.RECOVERED, T0 + 300, T0 + 301));

        Alert a = drain().get(1);
        assertThat(a.status).isEqualTo(EventStatus.RECOVERED);
        assertThat(a.endTime).isEqualTo(T0 + 300);
        assertThat(a.nextStatusTime).isNull();
        assertThat(a.eventCount).isEqualTo(2L);
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);

        harness.setProcessingTime((T0 + 301 + AlertStateFunction.RETAIN_ENDED_SECONDS) * 1000L - 1);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        harness.setProcessingTime((T0 + 301 + AlertStateFunction.RETAIN_ENDED_SECONDS) * 1000L);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
        assertThat(drain()).isEmpty();
    }

    @Test
    void recoveryWithoutAnAlertIsIgnored() throws Exception {
        send(event(EventStatus.RECOVERED, T0, T0));
        send(event(EventStatus.CLOSED, T0, T0));
        assertThat(drain()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }

    @Test
    void alertClosesAfterAnHourWithoutEventsAtTheScheduledTime() throws Exception {
        send(event(EventStatus.ABNORMAL, T0, T0));
        drain();

        harness.setProcessingTime((T0 + 3600) * 1000L - 1);
        assertThat(drain()).isEmpty();
        harness.setProcessingTime((T0 + 3600) * 1000L + 5_000);

        List<Alert> out = drain();
        assertThat(out).hasSize(1);
        Alert closed = out.get(0);
        assertThat(closed.status).isEqualTo(EventStatus.CLOSED);
        assertThat(closed.endTime).isEqualTo(T0 + 3600);
        assertThat(closed.updateTime).isEqualTo(T0 + 3600);
        assertThat(closed.version).isEqualTo(2L);

        harness.setProcessingTime((T0 + 3600 + AlertStateFunction.RETAIN_ENDED_SECONDS) * 1000L);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }

    @Test
    void abnormalEventAfterTheEndOpensANewAlertWithANewId() throws Exception {
        send(event(EventStatus.ABNORMAL, T0, T0));
        send(event(EventStatus.CLOSED, T0 + 10, T0 + 10));
        send(event(EventStatus.ABNORMAL, T0 + 20, T0 + 20));

        List<Alert> out = drain();
        assertThat(out).hasSize(3);
        assertThat(out.get(2).id).isNotEqualTo(out.get(0).id);
        assertThat(out.get(2).seqId).isEqualTo(AlertIds.sequence(MD5, 1));
        assertThat(out.get(2).eventCount).isEqualTo(1L);
        // versions keep growing across the alerts of one fingerprint
        assertThat(out.get(2).version).isEqualTo(out.get(1).version + 1);
        // the old alert's cleanup timer went; only the new close timer is left
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);
    }

    @Test
    void stateSurvivesSnapshotAndRestore() throws Exception {
        send(event(EventStatus.ABNORMAL, T0, T0));
        send(event(EventStatus.ABNORMAL, T0 + 60, T0 + 60));
        OperatorSubtaskState snapshot = harness.snapshot(1L, T0 * 1000L);
        String id = drain().get(0).id;
        harness.close();

        harness = newHarness();
        harness.initializeState(snapshot);
        harness.open();
        send(event(EventStatus.ABNORMAL, T0 + 120, T0 + 120));

        Alert a = drain().get(0);
        assertThat(a.id).isEqualTo(id);
        assertThat(a.eventCount).isEqualTo(3L);
        assertThat(a.version).isEqualTo(3L);
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);
    }
}
