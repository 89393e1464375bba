package io.bkm.alarm.alert;

import io.bkm.alarm.model.Alert;
import io.bkm.alarm.model.AlertLog;

/** Alert log documents (behaviour spec §8), numbered per alert so their ids are deterministic. */
final class AlertLogs {
    private AlertLogs() {}

    static AlertLog of(
            AlertState st,
            String op,
            long at,
            String eventId,
            String operator,
            String description) {
        Alert a = st.alert;
        AlertLog l = new AlertLog();
        l.id = a.id + "." + op + "." + st.logCount++;
        l.alertId = a.id;
        l.createTime = at;
        l.opType = op;
        l.operator = operator;
        l.time = at;
        l.eventId = eventId;
        l.description = description;
        l.status = a.status;
        l.severity = a.severity;
        l.nextStatus = a.nextStatus;
        l.nextStatusTime = a.nextStatusTime;
        return l;
    }
}
