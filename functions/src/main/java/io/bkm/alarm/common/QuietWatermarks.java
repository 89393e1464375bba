package io.bkm.alarm.common;

import java.io.Serializable;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.util.clock.RelativeClock;
import org.apache.flink.util.function.SerializableSupplier;

/**
 * Watermarks for detection windows, APM discovery and the event inputs: bounded out-of-orderness
 * behind the newest event time, and, once the input has been quiet for a while, the wall clock less
 * the same bound.
 *
 * <p>Why the clock: bk-monitor evaluates a window when its interval has passed on the clock, so one
 * event followed by silence still alerts. A plain bounded watermark would wait for the next event
 * forever, and Flink's idleness only stops an input from holding others back. The clock is used
 * only after a quiet spell and only once an event has been seen, so a backlog about to be read
 * after a restart keeps event-time order.
 *
 * <p>Quiet is timed on Flink's input-activity clock, which stands still while the task waits for
 * its outputs: an input held back by backpressure while a backlog is read is not quiet, and the
 * watermark does not jump past the records still on their way (they would all be late).
 *
 * <p>Where a record's time must never be judged by the clock once it is old ({@link Timing#live}),
 * the clock is followed only when the newest record was that recent as it was read: the input had
 * caught up with its data. An input quiet after records it read late (a backlog, a replay, or one
 * that stalls while it is caught up on) holds its watermark and, after {@link Timing#behind}, stops
 * holding the others back; one that read nothing at all, after {@link Timing#idle}.
 */
public final class QuietWatermarks<T> implements WatermarkGenerator<T> {
    /**
     * @param outOfOrderness how far behind the newest time a record may still come
     * @param quiet how long without records before the clock is followed
     * @param idle how long an input that has read no record waits before it stops holding the
     *     others back
     * @param behind how long an input quiet after records it read late waits before it stops
     *     holding the others back
     * @param live how recent the newest record must have been as it was read for the clock to be
     *     followed once the input is quiet
     */
    public record Timing(
            Duration outOfOrderness, Duration quiet, Duration idle, Duration behind, Duration live)
            implements Serializable {
        /** Detection windows: the clock after a quiet spell, however old the data. */
        public static Timing detection(Duration outOfOrderness, Duration quiet) {
            return new Timing(
                    outOfOrderness, quiet, quiet, quiet, Duration.ofMillis(Long.MAX_VALUE));
        }
    }

    private final long outOfOrdernessMs;
    private final long quietMs;
    private final long idleMs;
    private final long behindMs;
    private final long liveMs;
    private final LongSupplier clock;
    private final RelativeClock activity;
    private long maxEventTime = Long.MIN_VALUE;

    /** Whether the newest record was at most {@link Timing#live} old when it was read. */
    private boolean caughtUp;

    private long lastEventAt;
    private long emitted = Long.MIN_VALUE;

    /**
     * @param clock the wall clock, which the watermark follows after a quiet spell
     * @param activity time the input could have received records in, which quiet is timed on
     */
    QuietWatermarks(Timing timing, LongSupplier clock, RelativeClock activity) {
        this.outOfOrdernessMs = timing.outOfOrderness().toMillis();
        this.quietMs = timing.quiet().toMillis();
        this.idleMs = timing.idle().toMillis();
        this.behindMs = timing.behind().toMillis();
        this.liveMs = timing.live().toMillis();
        this.clock = clock;
        this.activity = activity;
        this.lastEventAt = activity.relativeTimeMillis();
    }

    /** For detection windows ({@link Timing#detection}). */
    public static <T> WatermarkStrategy<T> strategy(
            Duration outOfOrderness, Duration quiet, SerializableTimestampAssigner<T> timestamps) {
        return strategy(Timing.detection(outOfOrderness, quiet), timestamps);
    }

    public static <T> WatermarkStrategy<T> strategy(
            Timing timing, SerializableTimestampAssigner<T> timestamps) {
        SerializableSupplier<LongSupplier> clock = () -> System::currentTimeMillis;
        return WatermarkStrategy.<T>forGenerator(
                        ctx ->
                                new QuietWatermarks<>(
                                        timing, clock.get(), ctx.getInputActivityClock()))
                .withTimestampAssigner(timestamps);
    }

    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
        if (eventTimestamp > maxEventTime) {
            maxEventTime = eventTimestamp;
            caughtUp = liveMs == Long.MAX_VALUE || clock.getAsLong() - eventTimestamp <= liveMs;
        }
        lastEventAt = activity.relativeTimeMillis();
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        long now = clock.getAsLong();
        long quietFor = activity.relativeTimeMillis() - lastEventAt;
        boolean quiet = quietFor >= quietMs;
        if (maxEventTime == Long.MIN_VALUE) {
            // Nothing seen since start or restore: no clock watermark, which could make a
            // backlog about to be read late; idle, so other inputs are not held back.
            if (quietFor >= idleMs) {
                output.markIdle();
            }
            return;
        }
        long wm = maxEventTime - outOfOrdernessMs - 1;
        if (quiet) {
            if (caughtUp) {
                wm = Math.max(wm, now - outOfOrdernessMs - 1);
            } else if (quietFor >= behindMs) {
                output.markIdle();
                return;
            }
        }
        if (wm > emitted) {
            emitted = wm;
            output.emitWatermark(new Watermark(wm));
        }
    }
}
