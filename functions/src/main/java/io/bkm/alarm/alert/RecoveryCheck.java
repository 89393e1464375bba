package io.bkm.alarm.alert;

import io.bkm.alarm.strategy.Strategy;
import java.util.Arrays;

/**
 * bk-monitor's window check for strategy alerts (behaviour spec §5.3 RecoverStatusChecker, event
 * strategies): at check time T, window i is {@code [T − i·unit − trigger_offset, T − i·unit]}; it
 * is dirty when it holds at least {@code count} anomalies. Window 0 clean starts recovering, all
 * {@code N} windows clean recover (or close), a dirty window 0 while recovering aborts it.
 *
 * <p>bk-monitor checks every alert each interval; here an alert is checked only at the next grid
 * time where the outcome can change, which gives the same transitions at the same times.
 */
public final class RecoveryCheck {
    /** What a check at one time does. */
    public enum Outcome {
        NONE,
        ABORT_RECOVER,
        RECOVERING,
        RECOVERED
    }

    /** The window settings of one level of a strategy. */
    public record Windows(
            long unit, int triggerWindow, int count, int recoveryWindow, boolean closeInstead) {

        public static Windows of(Strategy s, int level) {
            Strategy.Detect d = s.detect(level);
            long unit = Math.max(1, s.firstItem().aggInterval);
            if (d == null) {
                return new Windows(unit, 5, 1, 5, false);
            }
            return new Windows(
                    unit,
                    Math.max(1, d.triggerConfig.checkWindow),
                    // bk-monitor's default of 0 would never let a window be clean
                    Math.max(1, d.triggerConfig.count),
                    Math.max(1, d.recoveryConfig.checkWindow),
                    d.recoveryConfig.statusSetter.startsWith("close"));
        }

        long triggerOffset() {
            return unit * triggerWindow - 1;
        }

        /** How far back from a check time anomalies still count. */
        long horizon() {
            return unit * recoveryWindow + triggerOffset();
        }

        /** §5.1: the check cadence of a strategy by its interval. */
        public long checkInterval() {
            return unit < 30 ? 15 : unit < 60 ? 30 : 60;
        }
    }

    private RecoveryCheck() {}

    public static Outcome at(long t, long[] marks, boolean recovering, Windows w) {
        if (dirty(t, marks, w)) {
            return recovering ? Outcome.ABORT_RECOVER : Outcome.NONE;
        }
        for (int i = 1; i < w.recoveryWindow; i++) {
            if (dirty(t - i * w.unit, marks, w)) {
                return recovering ? Outcome.NONE : Outcome.RECOVERING;
            }
        }
        return Outcome.RECOVERED;
    }

    /**
     * The first check time on the cadence grid after {@code after} (and not before the newest
     * anomaly's grid time) whose outcome is not {@link Outcome#NONE}.
     */
    public static long next(long after, long[] marks, boolean recovering, Windows w) {
        long step = w.checkInterval();
        long t = Math.floorDiv(after, step) * step + step;
        if (marks.length > 0) {
            t = Math.max(t, Math.floorDiv(marks[marks.length - 1], step) * step);
        }
        // at the latest, every window is clean one horizon after the newest anomaly
        long last = (marks.length == 0 ? t : marks[marks.length - 1]) + w.horizon() + step;
        for (; t <= last; t += step) {
            if (at(t, marks, recovering, w) != Outcome.NONE) {
                return t;
            }
        }
        return t;
    }

    /**
     * {@code marks} with {@code times} added, sorted, without repeats or anything older than a
     * horizon before the newest.
     */
    public static long[] add(long[] marks, long[] times, Windows w) {
        // loops rather than streams: this runs for every event of a strategy alert (#6)
        long[] all = Arrays.copyOf(marks, marks.length + times.length);
        System.arraycopy(times, 0, all, marks.length, times.length);
        Arrays.sort(all);
        if (all.length == 0) {
            return all;
        }
        long oldest = all[all.length - 1] - w.horizon() - w.checkInterval();
        int n = 0;
        for (long m : all) {
            if (m >= oldest && (n == 0 || all[n - 1] != m)) {
                all[n++] = m; // n never passes the element read, so compacting in place is safe
            }
        }
        return n == all.length ? all : Arrays.copyOf(all, n);
    }

    private static boolean dirty(long end, long[] marks, Windows w) {
        long start = end - w.triggerOffset();
        int n = 0;
        for (long m : marks) {
            if (m >= start && m <= end && ++n >= w.count) {
                return true;
            }
        }
        return false;
    }
}
