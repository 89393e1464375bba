package io.bkm.alarm.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** Records pass; the output is idle for the watermark, except for the end of the input. */
class OutOfTheWatermarkTest {
    @Test
    void recordsPassAndOnlyTheFinalWatermarkDoes() throws Exception {
        try (OneInputStreamOperatorTestHarness<String, String> h =
                new OneInputStreamOperatorTestHarness<>(new OutOfTheWatermark<>())) {
            h.open();
            h.processElement("a", 5L);
            h.processWatermark(new Watermark(10L));
            h.processWatermarkStatus(WatermarkStatus.ACTIVE);
            h.processElement("b", 20L);
            h.processWatermark(Watermark.MAX_WATERMARK);

            assertThat(h.getOutput())
                    .containsExactly(
                            WatermarkStatus.IDLE,
                            new StreamRecord<>("a", 5L),
                            new StreamRecord<>("b", 20L),
                            WatermarkStatus.ACTIVE,
                            Watermark.MAX_WATERMARK);
        }
    }
}
