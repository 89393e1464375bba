package io.bkm.alarm.alert;

import java.util.Arrays;

/**
 * Flap detection: a fingerprint whose alerts change between abnormal and ended {@code count} times
 * within {@code windowSeconds} flaps, until it has stayed in one state for the window. While it
 * flaps its alerts are written {@code is_flapping} and their notices are held back, but for one
 * flapping notice as it starts and one of its state as it stops.
 *
 * <p>A change is counted once an input's changes are all made, as the fingerprint stands after it:
 * an alert closed for a more severe one, or released from alert QoS, is replaced by a new abnormal
 * alert in the same input, which is no change. The fingerprint's first alert counts as one. The
 * time of a change is the update time of the version that made it, so a replay counts the same.
 */
final class FlapWatch {
    private final int count;
    private final long windowSeconds;

    /**
     * @param count changes that make a fingerprint flap; 0: none ever does
     */
    FlapWatch(int count, long windowSeconds) {
        if (count < 0 || windowSeconds < 1) {
            throw new IllegalArgumentException(
                    "flap count " + count + ", window " + windowSeconds + " s");
        }
        this.count = count;
        this.windowSeconds = windowSeconds;
    }

    static FlapWatch of(AlertStateSettings t) {
        return new FlapWatch(t.flapCount(), t.flapWindowSeconds());
    }

    /** What a new alert of the fingerprint takes over from the state of the alert before it. */
    static void carry(AlertState previous, AlertState next) {
        next.flapChanges = previous.flapChanges;
        next.flapAbnormal = previous.flapAbnormal;
        next.flapping = previous.flapping;
        if (next.flapping) {
            next.alert.isFlapping = true;
        }
    }

    /**
     * The fingerprint as an input left it: a change is counted if its alert is abnormal now and was
     * not at the last change counted, or the other way round.
     *
     * @return whether it started flapping with this change
     */
    boolean settle(AlertState st) {
        boolean abnormal = st.alert.isAbnormal();
        if (count == 0 || abnormal == st.flapAbnormal) {
            return false;
        }
        st.flapAbnormal = abnormal;
        st.flapChanges = latest(st.flapChanges, st.alert.updateTime);
        if (st.flapping || st.flapChanges.length < count || span(st.flapChanges) > windowSeconds) {
            return false;
        }
        st.flapping = true;
        st.alert.isFlapping = true;
        return true;
    }

    /**
     * When the fingerprint stops flapping unless it changes again (epoch seconds): its last change
     * and a quiet window. {@link Long#MAX_VALUE} when it does not flap; at once when flap detection
     * was switched off since it started.
     */
    long endsAt(AlertState st) {
        if (!st.flapping) {
            return Long.MAX_VALUE;
        }
        return count == 0 || st.flapChanges.length == 0
                ? 0
                : newest(st.flapChanges) + windowSeconds;
    }

    /** Until when an ended alert's state must stay for its changes still to count. */
    long keepUntil(AlertState st) {
        return count == 0 || st.flapChanges.length == 0
                ? Long.MIN_VALUE
                : newest(st.flapChanges) + windowSeconds;
    }

    /** The fingerprint stops flapping at {@code at}: a new version of its alert says so. */
    void end(AlertState st, long at) {
        st.flapping = false;
        AlertBuilder.flapping(st.alert, false, at);
    }

    private long[] latest(long[] changes, long at) {
        int keep = Math.min(changes.length, count - 1);
        long[] next = Arrays.copyOfRange(changes, changes.length - keep, changes.length + 1);
        next[keep] = at;
        return next;
    }

    private static long newest(long[] changes) {
        long max = Long.MIN_VALUE;
        for (long t : changes) {
            max = Math.max(max, t);
        }
        return max;
    }

    /** Update times of an alert's versions never go back, those of the next alert may. */
    private static long span(long[] changes) {
        long min = Long.MAX_VALUE;
        for (long t : changes) {
            min = Math.min(min, t);
        }
        return newest(changes) - min;
    }
}
