package io.bkm.alarm.alert;

import static io.bkm.alarm.alert.AlertHarness.STRATEGY;
import static io.bkm.alarm.alert.AlertHarness.T0;
import static io.bkm.alarm.alert.AlertHarness.strategy;
import static io.bkm.alarm.alert.AlertHarness.strategyEvent;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bkm.alarm.model.Alert;
import io.bkm.alarm.model.AlertLog;
import io.bkm.alarm.model.EventStatus;
import io.bkm.alarm.strategy.StrategyJson;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Strategy alerts: the recovery window check of §5.3 on timers, and closing when the strategy goes
 * or changes. Strategy 900: unit 60 s, 1 anomaly in 5 windows triggers, 5 clean windows recover, so
 * after an anomaly at t window 0 is clean from t + 300 (RECOVERING) and all five from t + 540
 * (RECOVERED).
 */
class StrategyAlertTest {
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
    void cleanWindowsFirstMarkTheAlertRecoveringThenRecoverIt() throws Exception {
        h.send(strategyEvent(2, T0));
        h.alerts();
        h.logs();

        h.clockAt(T0 + 299);
        assertThat(h.alerts()).isEmpty();
        h.clockAt(T0 + 300);
        Alert recovering = h.alerts().get(0);
        assertThat(recovering.status).isEqualTo(EventStatus.ABNORMAL);
        assertThat(recovering.extraInfo).contains("\"is_recovering\":true");
        assertThat(recovering.updateTime).isEqualTo(T0 + 300);
        assertThat(h.logOps()).containsExactly(AlertLog.RECOVERING);

        h.clockAt(T0 + 539);
        assertThat(h.alerts()).isEmpty();
        h.clockAt(T0 + 540);
        Alert recovered = h.alerts().get(0);
        assertThat(recovered.status).isEqualTo(EventStatus.RECOVERED);
        assertThat(recovered.endTime).isEqualTo(T0 + 540);
        assertThat(recovered.extraInfo)
                .contains("5 consecutive periods do not meet the trigger condition");
        List<AlertLog> logs = h.logs();
        assertThat(logs).extracting(l -> l.opType).containsExactly(AlertLog.RECOVER);
        assertThat(logs.get(0).createTime).isEqualTo(T0 + 540);

        h.clockAt(T0 + 540 + 7200);
        assertThat(h.stateEntries()).isPositive(); // the event id is remembered longer
        h.clockAt(T0 + 30 * 3600);
        assertThat(h.stateEntries()).isZero();
        assertThat(h.timers()).isZero();
    }

    @Test
    void aSecondAnomalyInTheFirstCheckIntervalDoesNotRecoverTheAlertBeforeItBegan()
            throws Exception {
        // both after the grid time T0 and before the next: no check may fall before the alert
        h.clockAt(T0 + 2);
        h.send(strategyEvent(2, T0 + 2));
        h.send(strategyEvent(2, T0 + 14));
        h.clockAt(T0 + 15);
        assertThat(h.logOps()).containsExactly(AlertLog.CREATE, AlertLog.CONVERGE);
        assertThat(h.alerts()).extracting(a -> a.status).containsOnly(EventStatus.ABNORMAL);

        // window 0 is clean from the newer anomaly + 300: recovering on the grid after it
        h.clockAt(T0 + 359);
        assertThat(h.logOps()).isEmpty();
        h.clockAt(T0 + 360);
        assertThat(h.logOps()).containsExactly(AlertLog.RECOVERING);
    }

    @Test
    void anAlertOfAnUnknownStrategyClosesAtTheMinuteAfterItBeganThoughItConvergedBefore()
            throws Exception {
        h.clockAt(T0 + 2);
        var first = strategyEvent(2, T0 + 2);
        first.strategyId = STRATEGY + 1;
        var second = strategyEvent(2, T0 + 14);
        second.strategyId = STRATEGY + 1;
        h.send(first);
        h.send(second);
        h.clockAt(T0 + 59);
        assertThat(h.logOps()).containsExactly(AlertLog.CREATE, AlertLog.CONVERGE);
        h.alerts();
        h.clockAt(T0 + 60);
        Alert closed = h.alerts().get(0);
        assertThat(closed.status).isEqualTo(EventStatus.CLOSED);
        assertThat(closed.endTime).isEqualTo(T0 + 60);
    }

    @Test
    void anAnomalyWhileRecoveringAbortsItAtTheNextCheck() throws Exception {
        h.send(strategyEvent(2, T0));
        h.clockAt(T0 + 300);
        h.alerts();
        h.logs();

        h.send(strategyEvent(2, T0 + 330));
        assertThat(h.logOps()).containsExactly(AlertLog.CONVERGE);
        h.clockAt(T0 + 360);
        Alert aborted = h.alerts().get(1);
        assertThat(aborted.extraInfo).contains("\"is_recovering\":false");
        assertThat(h.logOps()).containsExactly(AlertLog.ABORT_RECOVER);

        // the later anomaly restarts the count: recovering at +330+300 → grid 660, recovered 900
        h.clockAt(T0 + 659);
        assertThat(h.alerts()).isEmpty();
        h.clockAt(T0 + 660);
        assertThat(h.logOps()).containsExactly(AlertLog.RECOVERING);
        h.clockAt(T0 + 900);
        assertThat(h.alerts())
                .extracting(a -> a.status)
                .containsExactly(EventStatus.ABNORMAL, EventStatus.RECOVERED);
    }

    @Test
    void anomaliesInsideTheWindowKeepTheAlertOpen() throws Exception {
        h.send(strategyEvent(2, T0));
        for (long t = T0 + 120; t <= T0 + 1200; t += 120) {
            h.send(strategyEvent(2, t));
            h.clockAt(t);
        }
        assertThat(h.logOps()).doesNotContain(AlertLog.RECOVERING, AlertLog.RECOVER);
        h.clockAt(T0 + 1200 + 540);
        assertThat(h.alerts()).last().extracting(a -> a.status).isEqualTo(EventStatus.RECOVERED);
    }

    @Test
    void statusSetterCloseClosesInsteadOfRecovering() throws Exception {
        h.strategyRecord(STRATEGY, strategy("close", false), T0 - 60);
        h.send(strategyEvent(2, T0));
        h.clockAt(T0 + 540);
        assertThat(h.alerts()).last().extracting(a -> a.status).isEqualTo(EventStatus.CLOSED);
        assertThat(h.logOps())
                .containsExactly(AlertLog.CREATE, AlertLog.RECOVERING, AlertLog.CLOSE);
    }

    @Test
    void aCountAboveOneNeedsThatManyAnomaliesInAWindowToStayOpen() throws Exception {
        ObjectNode s = strategy("recovery", false);
        ((ObjectNode) s.path("detects").get(0).path("trigger_config")).put("count", 2);
        h.strategyRecord(STRATEGY, s, T0 - 60);
        // the trigger fired at T0 + 60 with anomalies at T0 and T0 + 60 in its window
        h.send(strategyEvent(2, T0 + 60, T0, T0 + 60));
        // window 0 at T0 + 60 + 240 holds only one of them: clean, so recovering
        h.clockAt(T0 + 299);
        assertThat(h.logOps()).containsExactly(AlertLog.CREATE);
        h.clockAt(T0 + 300);
        assertThat(h.logOps()).containsExactly(AlertLog.RECOVERING);
    }

    @Test
    void disablingTheStrategyClosesItsOpenAlertsAtTheRecordTime() throws Exception {
        h.send(strategyEvent(2, T0));
        h.alerts();
        ObjectNode off = strategy("recovery", false).put("enabled", false);
        h.strategyRecord(STRATEGY, off, T0 + 100);

        Alert closed = h.alerts().get(0);
        assertThat(closed.status).isEqualTo(EventStatus.CLOSED);
        assertThat(closed.endTime).isEqualTo(T0 + 100);
        assertThat(closed.extraInfo).contains(StrategyCloseCheck.DELETED);
        assertThat(h.logs()).last().extracting(l -> l.opType).isEqualTo(AlertLog.CLOSE);
        // nothing more is due for it but its clean-up
        h.clockAt(T0 + 1000);
        assertThat(h.alerts()).isEmpty();
    }

    @Test
    void deletingTheStrategyClosesItsAlerts() throws Exception {
        h.send(strategyEvent(2, T0));
        h.alerts();
        h.strategyRecord(STRATEGY, null, T0 + 100);
        assertThat(h.alerts()).extracting(a -> a.status).containsExactly(EventStatus.CLOSED);
    }

    @Test
    void changedDimensionsOrADroppedLevelCloseButOtherChangesDoNot() throws Exception {
        h.send(strategyEvent(2, T0));
        h.alerts();
        ObjectNode renamed = strategy("recovery", false).put("name", "renamed");
        h.strategyRecord(STRATEGY, renamed, T0 + 10);
        assertThat(h.alerts()).isEmpty();

        ObjectNode regrouped =
                StrategyJson.withItemField(
                        strategy("recovery", false), "agg_dimension", "[\"disk\"]");
        h.strategyRecord(STRATEGY, regrouped, T0 + 20);
        assertThat(h.alerts())
                .extracting(a -> a.extraInfo)
                .singleElement()
                .asString()
                .contains(StrategyCloseCheck.CHANGED);

        h.send(strategyEvent(2, T0 + 600));
        h.alerts();
        ObjectNode fatalOnly = strategy("recovery", true);
        ((com.fasterxml.jackson.databind.node.ArrayNode) fatalOnly.path("detects")).remove(1);
        StrategyJson.withItemField(
                fatalOnly, "algorithms", "[{\"level\": 1, \"type\": \"\", \"config\": []}]");
        StrategyJson.withItemField(fatalOnly, "agg_dimension", "[\"disk\"]");
        h.strategyRecord(STRATEGY, fatalOnly, T0 + 630);
        assertThat(h.alerts())
                .extracting(a -> a.extraInfo)
                .singleElement()
                .asString()
                .contains(StrategyCloseCheck.LEVEL_GONE);
    }

    @Test
    void anAlertOfAStrategyTheJobDoesNotKnowClosesAtItsFirstCheck() throws Exception {
        h.strategyRecord(STRATEGY, null, T0 - 10);
        h.send(strategyEvent(2, T0));
        h.alerts();
        h.clockAt(T0 + 60);
        Alert closed = h.alerts().get(0);
        assertThat(closed.status).isEqualTo(EventStatus.CLOSED);
        assertThat(closed.endTime).isEqualTo(T0 + 60);
        assertThat(closed.extraInfo).contains(StrategyCloseCheck.DELETED);
    }

    @Test
    void strategyAlertsDoNotCloseByTheOneHourWindow() throws Exception {
        h.send(strategyEvent(2, T0));
        for (long t = T0 + 60; t <= T0 + 5400; t += 60) {
            h.send(strategyEvent(2, t));
            h.clockAt(t);
        }
        assertThat(h.alerts()).extracting(a -> a.status).containsOnly(EventStatus.ABNORMAL);
        // one timer per key however many checks were scheduled
        assertThat(h.timers()).isEqualTo(1);
    }
}
