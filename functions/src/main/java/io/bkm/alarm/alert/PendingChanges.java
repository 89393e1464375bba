package io.bkm.alarm.alert;

import io.bkm.alarm.model.Alert;
import io.bkm.alarm.model.AlertChange;
import io.bkm.alarm.model.AlertLog;
import io.bkm.alarm.model.json.DocumentJson;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.flink.util.Collector;

/**
 * Collects what one input changed, so logs and alerts leave in the order they happened and only
 * after the state holds them; and counts the fingerprints' flap changes once the input's changes
 * are all made.
 */
final class PendingChanges {
    private final Consumer<AlertLog> logOut;
    private final Collector<AlertChange> alertOut;
    private final List<AlertLog> logs = new ArrayList<>();
    private final List<AlertChange> alertsOut = new ArrayList<>();

    /** The state of each version in {@code alertsOut}. */
    private final List<AlertState> states = new ArrayList<>();

    private final Consumer<Alert> mark;
    private final FlapWatch flaps;
    private final DocumentJson json;

    PendingChanges(
            Consumer<AlertLog> logOut,
            Collector<AlertChange> out,
            Consumer<Alert> mark,
            FlapWatch flaps,
            DocumentJson json) {
        this.logOut = logOut;
        this.alertOut = out;
        this.mark = mark;
        this.flaps = flaps;
        this.json = json;
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
        alert(st, null);
    }

    /** The alert as it is now, with the notice its fingerprint's flapping calls for. */
    void alert(AlertState st, String flapNotice) {
        mark.accept(st.alert);
        AlertChange c = AlertChanges.of(st.alert, json);
        c.flapNotice = flapNotice;
        alertsOut.add(c);
        states.add(st);
        st.alert.created = false; // only the first version created it
    }

    /**
     * Sends what was collected. The states must still be the objects held, or be put after this:
     * counting a flap change changes them.
     */
    void flush() {
        settleFlaps();
        states.clear();
        logs.forEach(logOut);
        logs.clear();
        if (alertOut != null) {
            alertsOut.forEach(alertOut::collect);
        }
        alertsOut.clear();
    }

    /** Each fingerprint's flap change, as its last version of the input leaves it. */
    private void settleFlaps() {
        for (int i = 0; i < states.size(); i++) {
            AlertState st = states.get(i);
            if (isLastOf(i, st.alert.dedupeMd5) && flaps.settle(st)) {
                logs.add(
                        AlertLogs.of(
                                st,
                                AlertLog.FLAPPING,
                                st.alert.updateTime,
                                null,
                                null,
                                st.flapChanges.length + " changes within the flap window"));
                AlertChanges.flapStarted(alertsOut.get(i), st.alert, json);
            }
        }
    }

    private boolean isLastOf(int i, String fingerprint) {
        for (int j = i + 1; j < states.size(); j++) {
            if (states.get(j).alert.dedupeMd5.equals(fingerprint)) {
                return false;
            }
        }
        return true;
    }
}
