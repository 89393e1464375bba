package io.bkm.alarm.apm;

import java.util.function.BinaryOperator;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.streaming.api.TimerService;

/**
 * Sightings of one entity waiting for event time to pass them, one per second (those of a second
 * merged), so that they apply in the order of their times whatever the order they came in: the same
 * input leaves the same changes, however its traces were spread over parallel instances.
 */
final class TimeOrdered<T> {
    private final MapState<Long, T> pending;

    TimeOrdered(MapState<Long, T> pending) {
        this.pending = pending;
    }

    /** Holds {@code value}, seen at {@code seenAt} (epoch seconds), until event time passes it. */
    void add(long seenAt, T value, BinaryOperator<T> merge, TimerService timers) throws Exception {
        T before = pending.get(seenAt);
        if (before == null) {
            timers.registerEventTimeTimer(seenAt * 1000);
            pending.put(seenAt, value);
        } else {
            pending.put(seenAt, merge.apply(before, value));
        }
    }

    /** What was seen in the second a timer at {@code timestamp} is for; null if nothing. */
    T take(long timestamp) throws Exception {
        if (timestamp % 1000 != 0) {
            return null;
        }
        long second = timestamp / 1000;
        T value = pending.get(second);
        if (value != null) {
            pending.remove(second);
        }
        return value;
    }

    /**
     * Whether a timer that fires now is the end of the input rather than time passing: a bounded
     * run or a drained job ends event time, and an entity does not expire because of that.
     */
    static boolean endOfInput(TimerService timers) {
        return timers.currentWatermark() == Long.MAX_VALUE;
    }
}
