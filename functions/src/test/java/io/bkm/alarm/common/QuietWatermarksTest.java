package io.bkm.alarm.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.apache.flink.util.clock.RelativeClock;
import org.junit.jupiter.api.Test;

class QuietWatermarksTest {
    private long now = 1_000_000;

    /** Time the input could receive records in: it stands still while the task is backpressured. */
    private long active = 0;

    private final RecordedWatermarks output = new RecordedWatermarks();
    private final List<Long> emitted = output.emitted;

    private final RelativeClock activity =
            new RelativeClock() {
                @Override
                public long relativeTimeMillis() {
                    return active;
                }

                @Override
                public long relativeTimeNanos() {
                    return active * 1_000_000;
                }
            };

    private final QuietWatermarks<String> g =
            new QuietWatermarks<>(
                    QuietWatermarks.Timing.detection(
                            Duration.ofMillis(10_000), Duration.ofMillis(5_000)),
                    () -> now,
                    activity);

    /** Time passes, all of it while the input could receive records. */
    private void pass(long ms) {
        now += ms;
        active += ms;
    }

    @Test
    void whileEventsFlowTheWatermarkTrailsTheNewestEventTime() {
        g.onEvent("a", 500_000, output);
        g.onEvent("b", 400_000, output); // out of order: does not move it back
        g.onPeriodicEmit(output);
        assertThat(emitted).containsExactly(489_999L);
        pass(4_999);
        g.onPeriodicEmit(output);
        assertThat(emitted).containsExactly(489_999L); // not quiet yet, nothing newer
    }

    @Test
    void afterAQuietSpellItFollowsTheClockSoALoneEventsWindowCloses() {
        g.onEvent("a", now - 1_000, output);
        pass(5_000);
        g.onPeriodicEmit(output);
        assertThat(emitted).containsExactly(now - 10_001);
        // an event far behind the clock does not move it back
        g.onEvent("old", 0, output);
        g.onPeriodicEmit(output);
        assertThat(emitted).hasSize(1);
    }

    @Test
    void beforeAnyEventItIsIdleRatherThanFollowingTheClock() {
        g.onPeriodicEmit(output);
        assertThat(output.idle).isFalse();
        pass(5_000);
        g.onPeriodicEmit(output);
        assertThat(output.idle).isTrue();
        assertThat(emitted).isEmpty(); // a backlog about to be read is not made late
        g.onEvent("a", 100_000, output);
        g.onPeriodicEmit(output);
        assertThat(emitted).containsExactly(89_999L);
    }

    @Test
    void timeSpentBackpressuredIsNotQuietSoABacklogOnItsWayIsNotMadeLate() {
        // a backlog minutes old is being read when the task stalls on its outputs for a minute
        g.onEvent("backlog", now - 300_000, output);
        now += 60_000; // the activity clock stands still: the input was held back, not quiet
        g.onPeriodicEmit(output);
        assertThat(emitted).containsExactly(now - 60_000 - 300_000 - 10_001);
        g.onEvent("next", now - 60_000 - 299_000, output); // the backlog's next record is on time
        g.onPeriodicEmit(output);
        assertThat(emitted).last().isEqualTo(now - 60_000 - 299_000 - 10_001);
        // once the input has really been quiet, the clock takes over as before
        pass(5_000);
        g.onPeriodicEmit(output);
        assertThat(emitted).last().isEqualTo(now - 10_001);
    }

    /** As convergence orders notices. */
    private final QuietWatermarks<String> notices =
            new QuietWatermarks<>(
                    new QuietWatermarks.Timing(
                            Duration.ofMillis(500),
                            Duration.ofMillis(500),
                            Duration.ofMillis(5_000),
                            Duration.ofMillis(5_000),
                            Duration.ofMillis(5_000)),
                    () -> now,
                    activity);

    @Test
    void anInputThatSawNothingWaitsItsOwnTimeBeforeItIsIdle() {
        pass(4_999);
        notices.onPeriodicEmit(output);
        assertThat(output.idle).isFalse();
        pass(1);
        notices.onPeriodicEmit(output);
        assertThat(output.idle).isTrue();
        // once it has seen a recent record, half a second of quiet is enough to follow the clock
        notices.onEvent("a", now - 100, output);
        pass(500);
        notices.onPeriodicEmit(output);
        assertThat(emitted).containsExactly(now - 501);
    }

    @Test
    void oldRecordsAreNeverPassedByTheClockTheirInputTurnsIdleInstead() {
        // a replay's notices, a minute old
        notices.onEvent("a", now - 60_000, output);
        pass(500);
        notices.onPeriodicEmit(output);
        assertThat(emitted).containsExactly(now - 500 - 60_000 - 501);
        pass(4_499);
        notices.onPeriodicEmit(output);
        assertThat(output.idle).isFalse();
        assertThat(emitted).hasSize(1);
        pass(1);
        notices.onPeriodicEmit(output);
        assertThat(output.idle).isTrue();
        assertThat(emitted).hasSize(1);
        // a newer record moves it on, as data does
        notices.onEvent("b", now - 1_000, output);
        notices.onPeriodicEmit(output);
        assertThat(emitted).last().isEqualTo(now - 1_501);
    }

    /** As the job's event inputs are timed (InputWatermarks): a stall is tolerated 30 s. */
    private final QuietWatermarks<String> inputs =
            new QuietWatermarks<>(
                    new QuietWatermarks.Timing(
                            Duration.ofMillis(500),
                            Duration.ofMillis(500),
                            Duration.ofMillis(5_000),
                            Duration.ofMillis(30_000),
                            Duration.ofMillis(5_000)),
                    () -> now,
                    activity);

    @Test
    void anInputCaughtUpWithItsDataFollowsTheClockForAsLongAsItIsQuiet() {
        inputs.onEvent("live", now - 100, output);
        pass(60_000);
        inputs.onPeriodicEmit(output);
        assertThat(output.idle).isFalse();
        assertThat(emitted).containsExactly(now - 501);
    }

    @Test
    void anInputThatStallsWhileItReadsABacklogHoldsItsWatermarkUntilItIsBehindForLong() {
        // read a minute late: the input is working through a backlog when it stops (a slow CMDB)
        inputs.onEvent("backlog", now - 60_000, output);
        long held = now - 60_000 - 501;
        pass(29_999);
        inputs.onPeriodicEmit(output);
        assertThat(output.idle).isFalse();
        assertThat(emitted).containsExactly(held);
        pass(1);
        inputs.onPeriodicEmit(output);
        assertThat(output.idle).isTrue();
        assertThat(emitted).containsExactly(held);
    }
}
