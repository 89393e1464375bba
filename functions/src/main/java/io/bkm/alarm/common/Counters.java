package io.bkm.alarm.common;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.Counter;

/**
 * An operator's counts, each kept both as a metric in the operator's own group ({@code
 * {group}.{name}}, e.g. {@code convergence.late}) and as an accumulator ({@code {group}_{name}})
 * for tests and bounded runs.
 */
public final class Counters {
    private final RuntimeContext ctx;
    private final String group;

    /**
     * @param group what the operator does (trigger, detect, alert_qos, notices, action_qos,
     *     convergence): the metric group of its counts
     */
    public Counters(RuntimeContext ctx, String group) {
        this.ctx = ctx;
        this.group = group;
    }

    public Count count(String name) {
        String accumulator = group + "_" + name;
        LongCounter total = (LongCounter) (Object) ctx.getAccumulator(accumulator);
        if (total == null) {
            total = new LongCounter();
            ctx.addAccumulator(accumulator, total);
        }
        return new Count(ctx.getMetricGroup().addGroup(group).counter(name), total);
    }

    /** One count. */
    public static final class Count {
        private final Counter metric;
        private final LongCounter total;

        private Count(Counter metric, LongCounter total) {
            this.metric = metric;
            this.total = total;
        }

        public void inc() {
            metric.inc();
            total.add(1);
        }
    }
}
