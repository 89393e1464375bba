package io.bkm.alarm.trigger;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.Counter;

/** A count kept both as a metric (for operators) and an accumulator (for tests and batch runs). */
public final class TriggerCounters {
    private final Counter metric;
    private final LongCounter total;

    public TriggerCounters(RuntimeContext ctx, String name) {
        metric = ctx.getMetricGroup().addGroup("trigger").counter(name);
        LongCounter existing = (LongCounter) (Object) ctx.getAccumulator("trigger_" + name);
        if (existing == null) {
            existing = new LongCounter();
            ctx.addAccumulator("trigger_" + name, existing);
        }
        total = existing;
    }

    public void inc() {
        metric.inc();
        total.add(1);
    }
}
