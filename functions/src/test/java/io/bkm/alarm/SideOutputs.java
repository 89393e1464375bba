package io.bkm.alarm;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;

/** What an operator under test wrote to a side output since the last drain. */
public final class SideOutputs {
    private SideOutputs() {}

    public static <T> List<T> drain(AbstractStreamOperatorTestHarness<?> h, OutputTag<T> tag) {
        List<T> out = new ArrayList<>();
        var q = h.getSideOutput(tag);
        if (q != null) {
            q.forEach(r -> out.add(r.getValue()));
            q.clear();
        }
        return out;
    }
}
