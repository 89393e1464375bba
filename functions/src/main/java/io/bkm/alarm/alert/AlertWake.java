package io.bkm.alarm.alert;

import io.bkm.alarm.model.Alert;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.TimerService;

/**
 * The alert key's one processing-time timer, at the earliest thing due for any of its fingerprints,
 * so an alert that keeps converging does not pile up timers; and when each thing is due.
 */
final class AlertWake {
    private final ValueState<Long> wake;
    private final AlertStateSettings settings;
    private final FlapWatch flaps;

    AlertWake(ValueState<Long> wake, AlertStateSettings settings, FlapWatch flaps) {
        this.wake = wake;
        this.settings = settings;
        this.flaps = flaps;
    }

    /** When something is next due for this alert, epoch seconds. */
    long due(AlertState st) {
        return Math.min(flaps.endsAt(st), checkDue(st));
    }

    /** When the alert is next checked, or its ended state forgotten. */
    private long checkDue(AlertState st) {
        Alert a = st.alert;
        if (!a.isAbnormal()) {
            return Math.max(a.updateTime + settings.retainEndedSeconds(), flaps.keepUntil(st));
        }
        return a.hasStrategy() ? st.nextCheck : a.nextStatusTime;
    }

    /** Keeps the key's one timer at the earliest thing due. */
    void at(TimerService timers, long seconds) throws Exception {
        long at = seconds * 1000L;
        Long current = wake.value();
        if (current == null || at < current) {
            if (current != null) {
                timers.deleteProcessingTimeTimer(current);
            }
            timers.registerProcessingTimeTimer(at);
            wake.update(at);
        }
    }

    /** Whether the key has its timer set. */
    boolean pending() throws Exception {
        return wake.value() != null;
    }

    /** Whether the timer firing at {@code timestamp} is the key's own; if so it is spent. */
    boolean fired(long timestamp) throws Exception {
        Long w = wake.value();
        if (w == null || w != timestamp) {
            return false;
        }
        wake.clear();
        return true;
    }

    static long hourAfter(long seconds) {
        return Math.floorDiv(seconds, 3600) * 3600 + 3600;
    }
}
