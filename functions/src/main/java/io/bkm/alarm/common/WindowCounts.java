package io.bkm.alarm.common;

import java.time.Duration;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * Records counted per time window in keyed state, window start → count, as bk-monitor's QoS and
 * rate limits count per key and period. Windows are taken from the records' own times, so a replay
 * counts as the first run did; an entry lives ten minutes after its last count.
 */
public final class WindowCounts {
    private final MapState<Long, Integer> counts;
    private final long windowSeconds;

    public WindowCounts(MapState<Long, Integer> counts, long windowSeconds) {
        this.counts = counts;
        this.windowSeconds = windowSeconds;
    }

    /** The state of a count; its name is part of savepoints, never rename. */
    public static MapStateDescriptor<Long, Integer> descriptor(String name) {
        return StateTtl.afterWrite(
                new MapStateDescriptor<>(name, Types.LONG, Types.INT), Duration.ofMinutes(10));
    }

    /** The count in the window of {@code time} (seconds), without counting. */
    public int get(long time) throws Exception {
        Integer n = counts.get(window(time));
        return n == null ? 0 : n;
    }

    /** Counts one in the window of {@code time}; returns the count before it. */
    public int add(long time) throws Exception {
        long w = window(time);
        Integer n = counts.get(w);
        int before = n == null ? 0 : n;
        counts.put(w, before + 1);
        return before;
    }

    /** Counts one in the window of {@code time} if fewer than {@code limit} are; whether it did. */
    public boolean addBelow(long time, int limit) throws Exception {
        long w = window(time);
        Integer n = counts.get(w);
        if (n != null && n >= limit) {
            return false;
        }
        counts.put(w, n == null ? 1 : n + 1);
        return true;
    }

    private long window(long time) {
        return Math.floorDiv(time, windowSeconds) * windowSeconds;
    }
}
