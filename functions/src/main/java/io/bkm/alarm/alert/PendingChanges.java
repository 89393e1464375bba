package io.bkm.alarm.alert;

import io.bkm.alarm.model.Alert;
import io.bkm.alarm.model.AlertChange;
import io.bkm.alarm.model.AlertLog;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.flink.util.Collector;

/**
 * Collects what one input changed, so logs and alerts leave in the order they happened and only
 * after the state holds them.
 */
final class PendingChanges {
    private final Consumer<AlertLog> logOut;
    private final Collector<AlertChange> alertOut;
    private final List<AlertLog> logs = new ArrayList<>();
    private final List<AlertChange> alertsOut = new ArrayList<>();
    private final Consumer<Alert> mark;

    PendingChanges(Consumer<AlertLog> logOut, Collector<AlertChange> out, Consumer<Alert> mark) {
        this.logOut = logOut;
        this.alertOut = out;
        this.mark = mark;
    }

    void log(
            AlertState st,
            String op,
            long at,
            String eventId,
            String operator,
            String description) {
        logs.add(AlertLogs.of(st, op, at, eventId, operator, description));
    }

    /** The alert as it is now, rendered now, as later changes of the same input must not show. */
    void alert(AlertState st) {
        mark.accept(st.alert);
        alertsOut.add(AlertChanges.of(st.alert));
        st.alert.created = false; // only the first version created it
    }

    void flush() {
        logs.forEach(logOut);
        logs.clear();
        if (alertOut != null) {
            alertsOut.forEach(alertOut::collect);
        }
        alertsOut.clear();
    }
}
