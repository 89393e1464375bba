package io.bkm.alarm.alert;

import static io.bkm.alarm.alert.AlertHarness.MD5;
import static io.bkm.alarm.alert.AlertHarness.STRATEGY;
import static io.bkm.alarm.alert.AlertHarness.T0;
import static io.bkm.alarm.alert.AlertHarness.strategy;
import static io.bkm.alarm.alert.AlertHarness.strategyEvent;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bkm.alarm.model.Alert;
import io.bkm.alarm.model.AlertLog;
import io.bkm.alarm.model.CustomEventRecovery;
import io.bkm.alarm.model.Event;
import io.bkm.alarm.model.EventStatus;
import io.bkm.alarm.model.Tag;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * No-data alerts (behaviour spec §5.3, §5.4): they recover when their series reports again and
 * close a day after their last no-data event; clean windows do not recover them.
 */
class NoDataAlertTest {
    private AlertHarness h;

    @BeforeEach
    void setUp() throws Exception {
        h = new AlertHarness();
        h.strategyRecord(STRATEGY, noDataStrategy(true), T0 - 3600);
    }

    @AfterEach
    void tearDown() throws Exception {
        h.close();
    }

    /** Strategy 900 with no-data detection at level 2 (its detects know levels 1 and 2). */
    static ObjectNode noDataStrategy(boolean enabled) throws Exception {
        ObjectNode s = strategy("recovery", true);
        ((ObjectNode) s.path("items").get(0).path("no_data_config"))
                .put("is_enabled", enabled)
                .put("level", 3);
        return s;
    }

    /** A no-data event of strategy 900 at level 3 at {@code time}. */
    static Event noData(long time) {
        Event e = strategyEvent(3, time);
        e.alertName = "[No data] Disk full";
        e.tags = new Tag[] {new Tag("disk", "/data"), new Tag("__NO_DATA_DIMENSION__", "True")};
        return e;
    }

    static CustomEventRecovery newData(long time) {
        CustomEventRecovery r = new CustomEventRecovery();
        r.strategyId = STRATEGY;
        r.dedupeMd5 = MD5;
        r.time = time;
        r.receivedAt = time + 1;
        r.reason = CustomEventRecovery.NEW_DATA;
        return r;
    }

    @Test
    void dataReportedAgainRecoversTheAlertAtOnce() throws Exception {
        h.send(noData(T0));
        assertThat(h.alerts()).extracting(a -> a.status).containsExactly(EventStatus.ABNORMAL);
        h.logs();
        h.send(newData(T0 + 300));
        List<Alert> out = h.alerts();
        assertThat(out).extracting(a -> a.status).containsExactly(EventStatus.RECOVERED);
        assertThat(out.get(0).endTime).isEqualTo(T0 + 301);
        assertThat(out.get(0).extraInfo).contains(CustomEventRecovery.NEW_DATA);
        assertThat(h.logOps()).containsExactly(AlertLog.RECOVER);
    }

    @Test
    void newDataChangesNoOtherAlert() throws Exception {
        h.send(strategyEvent(2, T0)); // an ordinary alert of the same fingerprint
        h.alerts();
        h.send(newData(T0 + 300));
        assertThat(h.alerts()).isEmpty();
    }

    @Test
    void cleanWindowsDoNotRecoverItButADayWithoutNoDataEventsClosesIt() throws Exception {
        h.send(noData(T0));
        h.send(noData(T0 + 60));
        h.alerts();
        h.logs();
        h.clockAt(T0 + 3600); // many clean windows of an ordinary alert later
        assertThat(h.alerts()).isEmpty();
        h.clockAt(T0 + 60 + 86_400);
        List<Alert> out = h.alerts();
        assertThat(out).extracting(a -> a.status).containsExactly(EventStatus.CLOSED);
        assertThat(out.get(0).endTime).isEqualTo(T0 + 60 + 86_400);
        assertThat(h.logOps()).containsExactly(AlertLog.CLOSE);
    }

    @Test
    void itStaysOpenWhileItsLevelIsTheNoDataLevelAndClosesWhenNoDataIsTurnedOff() throws Exception {
        h.send(noData(T0));
        h.alerts();
        h.strategyRecord(STRATEGY, noDataStrategy(true), T0 + 10); // level 3 is in no detects
        assertThat(h.alerts()).isEmpty();
        h.strategyRecord(STRATEGY, noDataStrategy(false), T0 + 20);
        List<Alert> out = h.alerts();
        assertThat(out).extracting(a -> a.status).containsExactly(EventStatus.CLOSED);
        assertThat(out.get(0).extraInfo).contains(StrategyCloseCheck.NO_DATA_OFF);
    }
}
