package io.bkm.alarm.common;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/** What a watermark generator told its output: the watermarks, and whether it is idle now. */
final class RecordedWatermarks implements WatermarkOutput {
    final List<Long> emitted = new ArrayList<>();
    boolean idle;

    @Override
    public void emitWatermark(Watermark w) {
        emitted.add(w.getTimestamp());
        idle = false;
    }

    @Override
    public void markIdle() {
        idle = true;
    }

    @Override
    public void markActive() {
        idle = false;
    }
}
