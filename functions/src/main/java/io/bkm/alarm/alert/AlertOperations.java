package io.bkm.alarm.alert;

import io.bkm.alarm.common.Reasons;
import io.bkm.alarm.model.Alert;
import io.bkm.alarm.model.AlertLog;
import io.bkm.alarm.model.AlertOp;
import io.bkm.alarm.model.DeadLetter;
import io.bkm.alarm.model.EventStatus;
import java.util.function.Consumer;

/**
 * User operations on an alert (ack, unack, close) and alert QoS releases: applied to the open alert
 * they name, refused with a reason when it ended or is not held, counted when redundant.
 */
final class AlertOperations {
    /** Closes a released alert and opens its successor (§4.3). */
    @FunctionalInterface
    interface Release {
        AlertState apply(AlertState st, AlertOp op) throws Exception;
    }

    private final AlertStore alerts;
    private final AlertCounters counters;

    AlertOperations(AlertStore alerts, AlertCounters counters) {
        this.alerts = alerts;
        this.counters = counters;
    }

    /**
     * An operation on one alert of the key.
     *
     * @param deadLetters where a refused operation goes, with its reason
     * @return the alert state it changed, or null
     */
    AlertState on(
            AlertOp op, Consumer<DeadLetter> deadLetters, Release releaser, PendingChanges changes)
            throws Exception {
        AlertState st = null;
        String successor = null;
        for (AlertState candidate : alerts.values()) {
            if (candidate.alert.id.equals(op.alertId)) {
                st = candidate;
            } else if (op.alertId.equals(candidate.previousAlertId)) {
                successor = candidate.alert.id;
            }
        }
        boolean release = AlertOp.QOS_RELEASE.equals(op.op);
        if (release && (successor != null || (st != null && !st.alert.isAbnormal()))) {
            // it ended before its release came back from the QoS stage: nothing to release
            counters.releasesLate.inc();
            return null;
        }
        if (st == null && successor != null) {
            refuse(
                    op,
                    Reasons.ALERT_ENDED,
                    "alert " + op.alertId + " ended; " + successor + " followed it",
                    deadLetters);
            return null;
        }
        if (st == null) {
            refuse(op, Reasons.UNKNOWN_ALERT, "no alert " + op.alertId + " is held", deadLetters);
            return null;
        }
        Alert a = st.alert;
        if (!a.isAbnormal()) {
            refuse(op, Reasons.ALERT_ENDED, "alert " + a.id + " is " + a.status, deadLetters);
            return null;
        }
        if (release) {
            return releaser.apply(st, op);
        }
        long at = Math.max(op.time, a.createTime);
        switch (op.op) {
            case AlertOp.ACK -> {
                if (Boolean.TRUE.equals(a.isAck)) {
                    counters.opsRedundant.inc();
                    return null;
                }
                AlertBuilder.ack(a, op.operator, at);
                changes.log(st, AlertLog.ACK, at, null, op.operator, op.reason);
            }
            case AlertOp.UNACK -> {
                if (!Boolean.TRUE.equals(a.isAck)) {
                    counters.opsRedundant.inc();
                    return null;
                }
                AlertBuilder.unack(a, at);
                changes.log(
                        st, AlertLog.ACK, at, null, op.operator, "unacknowledged: " + op.reason);
            }
            default -> {
                String why =
                        "closed by " + op.operator + (op.reason == null ? "" : ": " + op.reason);
                AlertBuilder.end(a, EventStatus.CLOSED, at, at, why);
                changes.log(st, AlertLog.CLOSE, at, null, op.operator, why);
                counters.ended.inc();
            }
        }
        counters.opsApplied.inc();
        changes.alert(st);
        return st;
    }

    private void refuse(
            AlertOp op, String reason, String detail, Consumer<DeadLetter> deadLetters) {
        counters.opsRefused.inc();
        deadLetters.accept(DeadLetter.of(op.source, reason, detail));
    }
}
