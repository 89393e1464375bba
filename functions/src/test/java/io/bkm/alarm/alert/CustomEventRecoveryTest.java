package io.bkm.alarm.alert;

import static io.bkm.alarm.alert.AlertHarness.STRATEGY;
import static io.bkm.alarm.alert.AlertHarness.T0;
import static io.bkm.alarm.alert.AlertHarness.customEvent;
import static io.bkm.alarm.alert.AlertHarness.recovery;
import static io.bkm.alarm.alert.AlertHarness.strategy;
import static io.bkm.alarm.alert.AlertHarness.strategyEvent;
import static org.assertj.core.api.Assertions.assertThat;

import io.bkm.alarm.model.Alert;
import io.bkm.alarm.model.AlertLog;
import io.bkm.alarm.model.EventStatus;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Custom-event alerts also recover on a recovery event since their {@code begin_time} (behaviour
 * spec §1.2, §5.3), whichever of the two reaches the alert state first.
 */
class CustomEventRecoveryTest {
    private AlertHarness h;

    @BeforeEach
    void setUp() throws Exception {
        h = new AlertHarness();
        h.strategyRecord(STRATEGY, strategy("recovery", false), T0 - 3600);
    }

    @AfterEach
    void tearDown() throws Exception {
        h.close();
    }

    @Test
    void aRecoveryEventAfterTheAlertBeganRecoversIt() throws Exception {
        h.send(customEvent(2, T0));
        h.alerts();
        h.logs();

        h.send(recovery(T0 + 30, T0 + 31));
        List<Alert> out = h.alerts();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).status).isEqualTo(EventStatus.RECOVERED);
        assertThat(out.get(0).endTime).isEqualTo(T0 + 31);
        assertThat(out.get(0).extraInfo).contains(CustomRecoveries.CUSTOM_RECOVERY);
        assertThat(h.logOps()).containsExactly(AlertLog.RECOVER);
    }

    @Test
    void aRecoveryEventFromBeforeTheAlertBeganChangesNothing() throws Exception {
        h.send(customEvent(2, T0));
        h.alerts();
        h.logs();
        h.send(recovery(T0 - 1, T0 + 5));
        assertThat(h.alerts()).isEmpty();
        assertThat(h.logs()).isEmpty();
    }

    @Test
    void aRecoveryEventThatArrivesFirstRecoversTheAlertWhenItIsCreated() throws Exception {
        // the window of the abnormal events is evaluated after the recovery event has passed
        h.send(recovery(T0 + 50, T0 + 51));
        assertThat(h.alerts()).isEmpty();

        h.send(customEvent(2, T0));
        List<Alert> out = h.alerts();
        assertThat(out)
                .extracting(a -> a.status)
                .containsExactly(EventStatus.ABNORMAL, EventStatus.RECOVERED);
        assertThat(out.get(1).endTime).isEqualTo(T0);
        assertThat(h.logOps()).containsExactly(AlertLog.CREATE, AlertLog.RECOVER);
    }

    @Test
    void onlyCustomEventAlertsRecoverByEvent() throws Exception {
        h.send(strategyEvent(2, T0)); // a GSE strategy alert of the same fingerprint
        h.alerts();
        h.send(recovery(T0 + 30, T0 + 31));
        assertThat(h.alerts()).isEmpty();
        // not by the event, but by the window check as before
        h.clockAt(T0 + 540);
        assertThat(h.alerts()).last().extracting(a -> a.status).isEqualTo(EventStatus.RECOVERED);
    }

    @Test
    void aHeldRecoveryEventIsForgottenAfterAnHour() throws Exception {
        h.send(recovery(T0, T0 + 1));
        assertThat(h.stateEntries()).isPositive();
        assertThat(h.timers()).isEqualTo(1);
        h.clockAt(T0 + CustomRecoveries.HELD_SECONDS + 3600);
        assertThat(h.stateEntries()).isZero();
        assertThat(h.timers()).isZero();

        // forgotten: an alert created now stays open
        h.send(customEvent(2, T0 + 7300));
        assertThat(h.alerts()).extracting(a -> a.status).containsExactly(EventStatus.ABNORMAL);
    }
}
