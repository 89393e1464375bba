package io.bkm.alarm.detect;

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
 * Watermarks for detection windows: bounded out-of-orderness behind the newest event time, and,
 * once the input has been quiet for a while, the wall clock less the same bound.
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
 */
public final class QuietWatermarks<T> implements WatermarkGenerator<T> {
    private final long outOfOrdernessMs;
    private final long quietMs;
    private final LongSupplier clock;
    private final RelativeClock activity;
    private long maxEventTime = Long.MIN_VALUE;
    private long lastEventAt;
    private long emitted = Long.MIN_VALUE;

    /**
     * @param clock the wall clock, which the watermark follows after a quiet spell
     * @param activity time the input could have received records in, which quiet is timed on
     */
    QuietWatermarks(
            long outOfOrdernessMs, long quietMs, LongSupplier clock, RelativeClock activity) {
        this.outOfOrdernessMs = outOfOrdernessMs;
        this.quietMs = quietMs;
        this.clock = clock;
        this.activity = activity;
        this.lastEventAt = activity.relativeTimeMillis();
    }

    public static <T> WatermarkStrategy<T> strategy(
            Duration outOfOrderness, Duration quiet, SerializableTimestampAssigner<T> timestamps) {
        long bound = outOfOrderness.toMillis();
        long quietMs = quiet.toMillis();
        SerializableSupplier<LongSupplier> clock = () -> System::currentTimeMillis;
        return WatermarkStrategy.<T>forGenerator(
                        ctx ->
                                new QuietWatermarks<>(
                                        bound, quietMs, clock.get(), ctx.getInputActivityClock()))
                .withTimestampAssigner(timestamps);
    }

    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
        maxEventTime = Math.max(maxEventTime, eventTimestamp);
        lastEventAt = activity.relativeTimeMillis();
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        long now = clock.getAsLong();
        boolean quiet = activity.relativeTimeMillis() - lastEventAt >= quietMs;
        if (maxEventTime == Long.MIN_VALUE) {
            // Nothing seen since start or restore: no clock watermark, which could make a
            // backlog about to be read late; idle, so other inputs are not held back.
            if (quiet) {
                output.markIdle();
            }
            return;
        }
        long wm = maxEventTime - outOfOrdernessMs - 1;
        if (quiet) {
            wm = Math.max(wm, now - outOfOrdernessMs - 1);
        }
        if (wm > emitted) {
            emitted = wm;
            output.emitWatermark(new Watermark(wm));
        }
    }
}
