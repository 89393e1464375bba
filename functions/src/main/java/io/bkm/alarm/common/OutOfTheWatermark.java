package io.bkm.alarm.common;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.ChainingStrategy;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * Passes records on and announces its output idle, so that the operators after it leave this input
 * out of their watermark; only the final watermark of an ended input passes.
 *
 * <p>Why: anomalies of detection windows are made when detection's own watermark passes a window's
 * end, which follows the clock once their input is quiet and otherwise runs an out-of-orderness
 * bound and a window behind the data. Carried on, it would hold every notice after it as far
 * behind, and a page waits for the watermark. Their notices are then behind the watermark of the
 * events' inputs, as bk-monitor's are behind its events, and are decided on arrival.
 */
public final class OutOfTheWatermark<T> extends AbstractStreamOperator<T>
        implements OneInputStreamOperator<T, T> {
    private static final long serialVersionUID = 1L;

    public OutOfTheWatermark() {
        chainingStrategy = ChainingStrategy.ALWAYS;
    }

    @Override
    public void open() throws Exception {
        super.open();
        output.emitWatermarkStatus(WatermarkStatus.IDLE);
    }

    @Override
    public void processElement(StreamRecord<T> element) {
        output.collect(element);
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        if (mark.getTimestamp() == Long.MAX_VALUE) {
            // an idle output's watermarks are dropped: the end of the input is announced active
            output.emitWatermarkStatus(WatermarkStatus.ACTIVE);
            super.processWatermark(mark);
        }
    }

    @Override
    public void processWatermarkStatus(WatermarkStatus status) {}
}
