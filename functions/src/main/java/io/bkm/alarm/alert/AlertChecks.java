package io.bkm.alarm.alert;

import io.bkm.alarm.model.Alert;
import io.bkm.alarm.model.AlertLog;
import io.bkm.alarm.model.EventStatus;
import io.bkm.alarm.strategy.Strategy;
import org.apache.flink.metrics.Counter;

/**
 * What happens to an open alert when it is due (§5.3): the close window of an alert without
 * strategy, the strategy close check, the no-data expiry and the recovery window checks; and the
 * one way an alert ends but by an event.
 */
final class AlertChecks {
    /** bk-monitor's NO_DATA_ALERT_EXPIRED_TIMEDELTA. */
    static final long NO_DATA_EXPIRE_SECONDS = 86_400;

    static final String NO_DATA_EXPIRED = "no new no-data event for a day";

    static final String CLOSE_WINDOW_PASSED = "no new abnormal event within the close window";

    private final Counter ended;

    AlertChecks(Counter ended) {
        this.ended = ended;
    }

    /**
     * The alert is due at {@code at}.
     *
     * @param s its strategy as the index holds it now (null: unknown, or none)
     */
    void onDue(AlertState st, Strategy s, long at, PendingChanges changes) {
        Alert a = st.alert;
        if (!a.hasStrategy()) {
            end(
                    st,
                    EventStatus.CLOSED,
                    AlertLog.SYSTEM_CLOSE,
                    at,
                    null,
                    CLOSE_WINDOW_PASSED,
                    changes);
            return;
        }
        if (st.strategyShape == null && s != null) {
            st.strategyShape = StrategyCloseCheck.shape(s); // the strategy arrived after the alert
        }
        String closeReason =
                StrategyCloseCheck.reason(s, st.strategyShape, a.severity, a.isNoData());
        if (closeReason != null) {
            closeForStrategy(st, closeReason, at, changes);
            return;
        }
        if (a.isNoData()) {
            // recovered only by new data; closed a day after the last no-data event
            if (a.latestTime + NO_DATA_EXPIRE_SECONDS <= at) {
                closeForStrategy(st, NO_DATA_EXPIRED, at, changes);
            } else {
                scheduleCheck(st, s, at);
            }
            return;
        }
        RecoveryCheck.Windows w = windows(s, a);
        st.lastCheck = at;
        switch (RecoveryCheck.at(at, st.marks, a.recovering, w)) {
            case ABORT_RECOVER -> {
                AlertBuilder.recovering(a, false, at);
                changes.log(st, AlertLog.ABORT_RECOVER, at, null, null, null);
                changes.alert(st);
            }
            case RECOVERING -> {
                AlertBuilder.recovering(a, true, at);
                changes.log(st, AlertLog.RECOVERING, at, null, null, null);
                changes.alert(st);
            }
            case RECOVERED -> {
                String why =
                        w.recoveryWindow()
                                + " consecutive periods do not meet the trigger condition";
                String status = w.closeInstead() ? EventStatus.CLOSED : EventStatus.RECOVERED;
                String op = w.closeInstead() ? AlertLog.CLOSE : AlertLog.RECOVER;
                end(st, status, op, at, null, why, changes);
                return;
            }
            default -> {}
        }
        scheduleCheck(st, s, at);
    }

    /**
     * The next check of a strategy alert after {@code after}, and after the alert began: when its
     * windows can change the outcome, or at the next minute when its strategy is unknown, so the
     * close checker can close it. A check dated before the alert began would find none of its
     * anomalies in its windows, and end it before its beginning.
     */
    static void scheduleCheck(AlertState st, Strategy s, long after) {
        Long begin = st.alert.beginTime;
        long from = begin == null ? after : Math.max(after, begin);
        if (st.alert.isNoData()) {
            st.nextCheck = st.alert.latestTime + NO_DATA_EXPIRE_SECONDS;
        } else if (s == null) {
            st.nextCheck = Math.floorDiv(from, 60) * 60 + 60;
        } else {
            RecoveryCheck.Windows w = RecoveryCheck.Windows.of(s, st.alert.severity);
            st.nextCheck = RecoveryCheck.next(from, st.marks, st.alert.recovering, w);
        }
    }

    static RecoveryCheck.Windows windows(Strategy s, Alert a) {
        return s == null
                ? new RecoveryCheck.Windows(60, 5, 1, 5, false)
                : RecoveryCheck.Windows.of(s, a.severity);
    }

    void closeForStrategy(AlertState st, String why, long at, PendingChanges changes) {
        end(st, EventStatus.CLOSED, AlertLog.CLOSE, at, null, why, changes);
    }

    /** Ends the alert RECOVERED at {@code at} for {@code why}, with its log. */
    void recover(AlertState st, long at, String why, PendingChanges changes) {
        end(st, EventStatus.RECOVERED, AlertLog.RECOVER, at, null, why, changes);
    }

    /**
     * Ends the alert at {@code at} (its end and update time both), logs {@code logOp} with the
     * reason and writes the version: every end but those an event brings.
     */
    void end(
            AlertState st,
            String status,
            String logOp,
            long at,
            String operator,
            String why,
            PendingChanges changes) {
        AlertBuilder.end(st.alert, status, at, at, why);
        changes.log(st, logOp, at, null, operator, why);
        changes.alert(st);
        ended.inc();
    }
}
