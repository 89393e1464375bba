package io.bkm.alarm.detect;

import io.bkm.alarm.model.DetectSample;
import io.bkm.alarm.model.RawMessage;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;

/** A bind function in the operator the job runs it in, opened. */
final class BindHarness {
    private BindHarness() {}

    static <IN> BroadcastOperatorTestHarness<IN, RawMessage, DetectSample> of(
            ItemBindFunction<IN> binding) throws Exception {
        var h = new BroadcastOperatorTestHarness<>(new ItemBindOperator<>(binding), 1, 1, 0);
        h.open();
        return h;
    }
}
