package io.bkm.alarm.alert;

import io.bkm.alarm.model.Alert;
import io.bkm.alarm.strategy.Strategy;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.TimerService;

/**
 * Alerts another system raised, carried into the alert state as if this job had raised them: the
 * state and the key's timer that {@link AlertEvents#create} would have left, so the fingerprint's
 * next event converges into the alert and its checks come due as they would have.
 */
public final class CarriedAlerts {
    private CarriedAlerts() {}

    /**
     * The state of an open alert whose latest event was its top event.
     *
     * @param s its strategy as the job knows it, or null
     */
    public static AlertState state(Alert a, Strategy s) {
        AlertState st = new AlertState();
        st.alert = a;
        if (a.hasStrategy()) {
            st.strategyShape = s == null ? null : StrategyCloseCheck.shape(s);
            st.marks =
                    RecoveryCheck.add(
                            new long[0],
                            EventFacts.of(a.event).anomalyTimes(),
                            AlertChecks.windows(s, a));
            AlertChecks.scheduleCheck(st, s, a.latestTime);
        }
        return st;
    }

    /** Sets the key's one timer at what is next due for {@code st}. */
    public static void wake(
            AlertState st, AlertStateSettings settings, ValueState<Long> wake, TimerService timers)
            throws Exception {
        AlertWake w = new AlertWake(wake, settings, FlapWatch.of(settings));
        w.at(timers, w.due(st));
    }
}
