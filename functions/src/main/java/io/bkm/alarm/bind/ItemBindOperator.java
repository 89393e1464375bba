package io.bkm.alarm.bind;

import io.bkm.alarm.model.DetectSample;
import io.bkm.alarm.model.RawMessage;
import io.bkm.alarm.strategy.Strategies;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.operators.BoundedMultiInput;
import org.apache.flink.streaming.api.operators.TimestampedCollector;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithNonKeyedOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * Runs an {@link ItemBindFunction} with what a broadcast function lacks: a processing-time timer
 * that releases the records held at start-up when the wait for the config topic is over, though no
 * record comes after it (a quiet custom-event topic may send the next one hours later), and the end
 * of the config input, after which nothing is worth waiting for (a drained or bounded job would
 * otherwise end with records never bound).
 *
 * <p>Input 1 is the records, input 2 the config topic broadcast. Its state is the function's and
 * the broadcast strategies, under the same names as when the function ran on Flink's own operator.
 */
public final class ItemBindOperator<IN>
        extends CoBroadcastWithNonKeyedOperator<IN, RawMessage, DetectSample>
        implements BoundedMultiInput {
    private static final long serialVersionUID = 1L;

    /** Processing time the timer is set at; -1 when none is. */
    private transient long timerAt;

    private transient TimestampedCollector<DetectSample> released;

    /** The newest watermark held back while records are held; null when none is. */
    private transient Watermark heldBack;

    public ItemBindOperator(ItemBindFunction<IN> function) {
        super(function, List.of(Strategies.STATE));
    }

    @SuppressWarnings("unchecked")
    private ItemBindFunction<IN> bind() {
        return (ItemBindFunction<IN>) getUserFunction();
    }

    @Override
    public void open() throws Exception {
        super.open();
        timerAt = -1;
        released = new TimestampedCollector<>(output);
        released.eraseTimestamp();
        // records restored from a savepoint need no wait: the timer releases them at once
        watch();
    }

    @Override
    public void processElement1(StreamRecord<IN> element) throws Exception {
        super.processElement1(element);
        watch();
    }

    @Override
    public void processElement2(StreamRecord<RawMessage> element) throws Exception {
        super.processElement2(element);
        watch();
    }

    @Override
    public void endInput(int inputId) throws Exception {
        if (inputId == 2) {
            bind().configEnded(strategies(), this::sideOutput, released);
            passHeldBack();
        }
    }

    /**
     * Held back while records are held: the recoveries they make go on to the alert state, and
     * convergence decides notices as the watermark passes them.
     */
    @Override
    public void processWatermark(Watermark mark) throws Exception {
        if (bind().holds()) {
            heldBack = mark;
            return;
        }
        super.processWatermark(mark);
    }

    private void passHeldBack() throws Exception {
        if (heldBack != null && !bind().holds()) {
            Watermark mark = heldBack;
            heldBack = null;
            super.processWatermark(mark);
        }
    }

    /**
     * Sets the timer when records are held and none is set; after start-up, with nothing held, this
     * is all a record costs.
     */
    private void watch() {
        if (timerAt >= 0 || !bind().holds()) {
            return;
        }
        timerAt = bind().releaseTime(getProcessingTimeService().getCurrentProcessingTime());
        getProcessingTimeService().registerTimer(timerAt, this::onTimer);
    }

    private void onTimer(long time) throws Exception {
        timerAt = -1;
        bind().releaseIfDue(time, strategies(), this::sideOutput, released);
        passHeldBack();
        watch();
    }

    private Iterable<Map.Entry<Long, String>> strategies() throws Exception {
        return getOperatorStateBackend().getBroadcastState(Strategies.STATE).immutableEntries();
    }

    private <X> void sideOutput(OutputTag<X> tag, X value) {
        output.collect(tag, new StreamRecord<>(value));
    }
}
