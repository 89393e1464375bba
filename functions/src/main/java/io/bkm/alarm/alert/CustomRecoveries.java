package io.bkm.alarm.alert;

import io.bkm.alarm.model.Alert;
import io.bkm.alarm.model.CustomEventRecovery;
import io.bkm.alarm.model.Event;
import org.apache.flink.api.common.state.MapState;

/**
 * Recovery events (§1.2, §5.3): a custom event strategy's recovery event recovers the open alert of
 * its fingerprint if it began no later, and is held a while for an alert created after it; a
 * no-data alert's series that reports again recovers its alert.
 */
final class CustomRecoveries {
    static final String CUSTOM_RECOVERY = "received a custom recovery event";

    /** How long a custom recovery event waits for an alert it could recover. */
    static final long HELD_SECONDS = 3600;

    private final MapState<String, Long> held;
    private final AlertChecks checks;

    CustomRecoveries(MapState<String, Long> held, AlertChecks checks) {
        this.held = held;
        this.checks = checks;
    }

    /**
     * A recovery event, or new data of a no-data alert's series.
     *
     * @param st the alert state of its fingerprint, or null
     * @return the alert state it changed, or null
     */
    AlertState on(CustomEventRecovery r, AlertState st, PendingChanges changes) throws Exception {
        if (r.reason != null) {
            return onNewData(r, st, changes);
        }
        Long known = held.get(r.dedupeMd5);
        if (known == null || known < r.time) {
            held.put(r.dedupeMd5, r.time);
        }
        if (st == null) {
            return null;
        }
        Alert a = st.alert;
        boolean recovered =
                Long.valueOf(r.strategyId).equals(a.strategyId)
                        && recoverByEvent(
                                st, r.time, Math.max(r.receivedAt, a.createTime), changes);
        return recovered ? st : null;
    }

    private AlertState onNewData(CustomEventRecovery r, AlertState st, PendingChanges changes) {
        if (st == null) {
            return null;
        }
        Alert a = st.alert;
        if (!a.isAbnormal() || !a.isNoData() || !Long.valueOf(r.strategyId).equals(a.strategyId)) {
            return null;
        }
        checks.recover(st, Math.max(r.receivedAt, a.createTime), r.reason, changes);
        return st;
    }

    /** A new alert of a custom event recovers at once if its recovery event came first. */
    void onCreated(AlertState st, Event e, PendingChanges changes) throws Exception {
        Long recoveredAt = isCustomEvent(st.alert) ? held.get(e.dedupeMd5) : null;
        if (recoveredAt != null) {
            recoverByEvent(st, recoveredAt, e.createTime, changes);
        }
    }

    /**
     * Forgets recovery events held long enough.
     *
     * @return when the next one is due, or {@link Long#MAX_VALUE} if none is left
     */
    long forget(long now) throws Exception {
        return EventIds.forget(held, HELD_SECONDS, now);
    }

    private boolean recoverByEvent(
            AlertState st, long recoveryTime, long at, PendingChanges changes) {
        Alert a = st.alert;
        if (!a.isAbnormal() || !isCustomEvent(a) || a.beginTime > recoveryTime) {
            return false;
        }
        checks.recover(st, at, CUSTOM_RECOVERY, changes);
        return true;
    }

    private static boolean isCustomEvent(Alert a) {
        if (a.hasStrategy() && a.event != null && a.event.metric != null) {
            for (String m : a.event.metric) {
                if (m.startsWith("custom.event.")) {
                    return true;
                }
            }
        }
        return false;
    }
}
