package io.bkm.alarm.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.junit.jupiter.api.Test;

class InputWatermarksTest {
    private final RecordedWatermarks output = new RecordedWatermarks();

    @Test
    void configAndCommandsNeverHoldTheWatermark() {
        WatermarkGenerator<String> g =
                InputWatermarks.<String>none().createWatermarkGenerator(null);
        g.onEvent("strategy:1", 1_000L, output);
        g.onPeriodicEmit(output);

        assertThat(output.idle).isTrue();
        assertThat(output.emitted).isEmpty();
    }

    @Test
    void aRecordTimeAheadOfTheClockCountsAsASecondAheadOfIt() {
        TimestampAssigner<String> times =
                InputWatermarks.<String>recordTimes(500, 30_000).createTimestampAssigner(null);
        long now = System.currentTimeMillis();

        assertThat(times.extractTimestamp("past", now - 60_000)).isEqualTo(now - 60_000);
        assertThat(times.extractTimestamp("ahead", now + 3_600_000))
                .isBetween(now + 1_000, System.currentTimeMillis() + 1_000);
    }
}
