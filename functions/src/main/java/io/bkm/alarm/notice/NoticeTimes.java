package io.bkm.alarm.notice;

import io.bkm.alarm.common.InputWatermarks;
import io.bkm.alarm.model.Action;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.ChainingStrategy;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Stamps each notice with its event time, which convergence decides notices in the order of: the
 * end of its create-time second, no later than a second ahead of the clock, so that a host clock
 * ahead of ours does not hold a notice. The watermark is not made here: it comes from the sources,
 * on the records' own times, through every stage, so convergence knows how far every input has been
 * read rather than guessing it from the notices it has seen.
 */
public final class NoticeTimes extends AbstractStreamOperator<Action>
        implements OneInputStreamOperator<Action, Action> {
    private static final long serialVersionUID = 1L;

    public NoticeTimes() {
        chainingStrategy = ChainingStrategy.ALWAYS;
    }

    @Override
    public void processElement(StreamRecord<Action> element) {
        long now = getProcessingTimeService().getCurrentProcessingTime();
        output.collect(element.replace(element.getValue(), stamp(element.getValue(), now)));
    }

    /** A notice's event time when it is stamped at {@code now}. */
    static long stamp(Action a, long now) {
        return InputWatermarks.noLaterThanASecondAhead(due(a), now);
    }

    /** When a notice is due: once no notice of its second can still come. */
    static long due(Action a) {
        return a.createTime * 1000L + 999;
    }
}
