package io.bkm.alarm.notice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.bkm.alarm.model.Action;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** Notices stamped with their own times; the watermark passes as it comes from the sources. */
class NoticeTimesTest {
    private static final long T0 = NoticeConvergeFunctionTest.T0;

    @Test
    void aNoticeIsStampedWithTheEndOfItsSecondAndTheWatermarkPassesUntouched() throws Exception {
        try (OneInputStreamOperatorTestHarness<Action, Action> h =
                new OneInputStreamOperatorTestHarness<>(new NoticeTimes())) {
            h.setProcessingTime(T0 * 1000L + 60_000);
            h.open();
            // the record's own timestamp (a Kafka record time upstream) is not the notice's time
            h.processElement(NoticeConvergeFunctionTest.notice("a", "fa", T0), 123L);
            h.processWatermark(new Watermark(T0 * 1000L - 1));

            assertThat(h.extractOutputStreamRecords())
                    .extracting(r -> r.getValue().id, StreamRecord::getTimestamp)
                    .containsExactly(tuple("a.abnormal.1", T0 * 1000L + 999));
            assertThat(h.getOutput()).contains(new Watermark(T0 * 1000L - 1));
        }
    }

    @Test
    void aNoticeDatedAheadOfTheClockIsStampedASecondAheadOfIt() throws Exception {
        try (OneInputStreamOperatorTestHarness<Action, Action> h =
                new OneInputStreamOperatorTestHarness<>(new NoticeTimes())) {
            h.setProcessingTime(T0 * 1000L);
            h.open();
            h.processElement(NoticeConvergeFunctionTest.notice("a", "fa", T0 + 3_600), 0L);

            assertThat(h.extractOutputStreamRecords())
                    .extracting(StreamRecord::getTimestamp)
                    .containsExactly(T0 * 1000L + 1000);
        }
    }
}
