package io.bkm.alarm.common;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * The watermarks the job's inputs start with. Convergence decides which notices go at once as the
 * watermark passes them; carried from the sources, it says how far every input has been read, so in
 * a catch-up the notices of a large backlog wait for their turn rather than being passed by those a
 * small topic sets off minutes ahead.
 */
public final class InputWatermarks {
    private InputWatermarks() {}

    /**
     * Per partition, on the records' own times (no later than a second ahead of the clock, so a
     * producer's clock ahead of ours does not drag the watermark along): {@code orderMs} behind the
     * newest, and the clock less that once the partition has been quiet as long after a record it
     * read while caught up (no more than ten times that old). A partition that has read nothing, or
     * is quiet after records it read late (a backlog read to its end, or a stall on the way: the
     * CMDB, a writer), stops holding the others back only after {@code patienceMs}: a partition
     * whose first records are slow to come, or that stalls while a backlog is read, is not passed.
     */
    public static <T> WatermarkStrategy<T> recordTimes(long orderMs, long patienceMs) {
        Duration order = Duration.ofMillis(orderMs);
        Duration patience = Duration.ofMillis(patienceMs);
        return QuietWatermarks.strategy(
                new QuietWatermarks.Timing(
                        order, order, patience, patience, order.multipliedBy(10)),
                (record, recordTime) ->
                        noLaterThanASecondAhead(recordTime, System.currentTimeMillis()));
    }

    /**
     * A time as the watermark may take it: a clock ahead of ours (a producer's, a host's) counts as
     * at most a second ahead, so that it neither drags the watermark along nor holds a notice.
     */
    public static long noLaterThanASecondAhead(long time, long now) {
        return Math.min(time, now + 1000);
    }

    /**
     * For inputs whose records are not events in time (the configuration, commands): always idle,
     * so they never hold the watermark of the records they meet.
     */
    public static <T> WatermarkStrategy<T> none() {
        return WatermarkStrategy.forGenerator(ctx -> new Idle<>());
    }

    private static final class Idle<T> implements WatermarkGenerator<T> {
        @Override
        public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {}

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            output.markIdle();
        }
    }
}
