package io.bkm.alarm.alert;

import io.bkm.alarm.model.Alert;
import io.bkm.alarm.model.AlertLog;

/** Alert log documents (behaviour spec §8), numbered per alert so their ids are deterministic. */
public final class AlertLogs {
    private AlertLogs() {}

    static AlertLog of(
            AlertState st,
            String op,
            long at,
            String eventId,
            String operator,
            String description) {
        Alert a = st.alert;
        AlertLog l =
                flowControl(
                        a.id + "." + op + "." + st.logCount++,
                        a.id,
                        op,
                        at,
                        description,
                        a.severity,
                        a.status);
        l.operator = operator;
        l.eventId = eventId;
        l.nextStatus = a.nextStatus;
        l.nextStatusTime = a.nextStatusTime;
        return l;
    }

    /**
     * A log written outside the alert state (flow control of alerts and actions, converged
     * notices): its id is given, as such logs are not numbered with the alert's own.
     */
    public static AlertLog flowControl(
            String id,
            String alertId,
            String op,
            long at,
            String description,
            Integer severity,
            String status) {
        AlertLog l = new AlertLog();
        l.severity = severity;
        l.status = status;
        l.id = id;
        l.alertId = alertId;
        l.createTime = at;
        l.opType = op;
        l.time = at;
        l.description = description;
        return l;
    }
}
