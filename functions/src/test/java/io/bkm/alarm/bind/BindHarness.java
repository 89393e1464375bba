package io.bkm.alarm.bind;

import io.bkm.alarm.model.DetectSample;
import io.bkm.alarm.model.RawMessage;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;

/** A bind function in the operator the job runs it in, opened. */
public final class BindHarness {
    private BindHarness() {}

    public static <IN> BroadcastOperatorTestHarness<IN, RawMessage, DetectSample> of(
            ItemBindFunction<IN> binding) throws Exception {
        var h = new BroadcastOperatorTestHarness<>(new ItemBindOperator<>(binding), 1, 1, 0);
        h.open();
        return h;
    }
}
