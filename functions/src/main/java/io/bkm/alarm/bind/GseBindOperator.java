package io.bkm.alarm.bind;

import io.bkm.alarm.model.AnomalyRecord;
import io.bkm.alarm.model.GseRecord;
import io.bkm.alarm.model.RawMessage;
import io.bkm.alarm.strategy.Strategies;
import java.util.List;
import org.apache.flink.streaming.api.operators.BoundedMultiInput;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.api.watermark.Watermark;

/**
 * Runs {@link GseBindFunction} and holds the watermark back while records may be waiting for the
 * config topic, so that it does not pass them on their way to convergence, which decides notices as
 * the watermark passes them. State is the function's and the broadcast strategies, under the same
 * names as on Flink's own operator.
 */
public final class GseBindOperator
        extends CoBroadcastWithKeyedOperator<String, GseRecord, RawMessage, AnomalyRecord>
        implements BoundedMultiInput {
    private static final long serialVersionUID = 1L;

    /** The newest watermark held back; null when none is. */
    private transient Watermark heldBack;

    private transient boolean checkSet;

    /** Which inputs have ended: bit 1 the records, bit 2 the config. */
    private transient int ended;

    /** Whether the final watermark came before both inputs had ended. */
    private transient boolean endHeldBack;

    public GseBindOperator(GseBindFunction function) {
        super(function, List.of(Strategies.STATE));
    }

    private GseBindFunction bind() {
        return (GseBindFunction) getUserFunction();
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        if (mark.getTimestamp() == Long.MAX_VALUE && ended != 3) {
            // The config input is idle for the watermark, so the records' final watermark comes
            // alone. It releases what waits (the function's end-of-input timer): not before the
            // config has been read to its end.
            endHeldBack = true;
            return;
        }
        long now = getProcessingTimeService().getCurrentProcessingTime();
        if (mark.getTimestamp() != Long.MAX_VALUE && bind().mayHold(now)) {
            heldBack = mark;
            if (!checkSet) {
                checkSet = true;
                getProcessingTimeService().registerTimer(bind().holdCheckAt(now), this::check);
            }
            return;
        }
        heldBack = null;
        super.processWatermark(mark);
    }

    @Override
    public void endInput(int inputId) throws Exception {
        ended |= inputId;
        if (ended == 3 && endHeldBack) {
            endHeldBack = false;
            heldBack = null;
            super.processWatermark(Watermark.MAX_WATERMARK);
        }
    }

    private void check(long time) throws Exception {
        checkSet = false;
        if (heldBack != null) {
            processWatermark(heldBack);
        }
    }
}
