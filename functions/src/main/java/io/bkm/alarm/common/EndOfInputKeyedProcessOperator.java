package io.bkm.alarm.common;

import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * Runs a {@link KeyedProcessFunction} whose final watermark means "the input has ended": it is
 * taken only once every input channel has ended, not when it first reaches the operator.
 *
 * <p>Why: Flink leaves an idle input channel out of the watermark. When the other channels finish
 * and send the final watermark, the operator gets it although the idle channel still has records on
 * their way (an upstream subtask that was quiet for a while and has just been given its last
 * records). A function that settles everything at the final watermark would then take those records
 * as late, and a bounded run would decide them otherwise than its replay. Held back, the final
 * watermark fires its timers after every record is in. Watermarks before it pass as they are, so a
 * running job behaves as before; only a drained or bounded input ever sends one.
 *
 * <p>State and timers are the function's, under the same names as on Flink's own operator. A
 * function that is a {@link WatermarkListener} hears of every watermark taken, before its timers
 * fire.
 */
public final class EndOfInputKeyedProcessOperator<K, IN, OUT>
        extends KeyedProcessOperator<K, IN, OUT> implements BoundedOneInput {
    private static final long serialVersionUID = 1L;

    public EndOfInputKeyedProcessOperator(KeyedProcessFunction<K, IN, OUT> function) {
        super(function);
    }

    /**
     * A function told when the operator started, of each watermark it takes, with the processing
     * time, and of its input becoming idle or active again.
     */
    public interface WatermarkListener {
        void started(long processingTime);

        void watermark(long watermark, long processingTime);

        void inputIdle(boolean idle);
    }

    @Override
    public void open() throws Exception {
        super.open();
        if (userFunction instanceof WatermarkListener listener) {
            listener.started(getProcessingTimeService().getCurrentProcessingTime());
        }
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        if (mark.getTimestamp() != Long.MAX_VALUE) {
            if (userFunction instanceof WatermarkListener listener) {
                listener.watermark(
                        mark.getTimestamp(), getProcessingTimeService().getCurrentProcessingTime());
            }
            super.processWatermark(mark);
        }
    }

    @Override
    public void processWatermarkStatus(WatermarkStatus status) throws Exception {
        if (userFunction instanceof WatermarkListener listener) {
            listener.inputIdle(status.isIdle());
        }
        super.processWatermarkStatus(status);
    }

    @Override
    public void endInput() throws Exception {
        super.processWatermark(Watermark.MAX_WATERMARK);
    }
}
