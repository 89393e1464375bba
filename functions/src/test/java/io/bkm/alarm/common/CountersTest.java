package io.bkm.alarm.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.accumulators.Accumulator;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.OperatorMetricGroup;
import org.junit.jupiter.api.Test;

/** Dashboards and tests read these names: {@code {group}.{name}} and {@code {group}_{name}}. */
class CountersTest {
    private final Map<String, Counter> metrics = new HashMap<>();
    private final Map<String, Accumulator<?, ?>> accumulators = new HashMap<>();

    /** A metric group that records the counters made in it under their dotted path. */
    private MetricGroup group(String path, Class<? extends MetricGroup> type) {
        return (MetricGroup)
                Proxy.newProxyInstance(
                        getClass().getClassLoader(),
                        new Class<?>[] {type},
                        (proxy, method, args) ->
                                switch (method.getName()) {
                                    case "addGroup" ->
                                            group(path + args[0] + ".", MetricGroup.class);
                                    case "counter" ->
                                            metrics.computeIfAbsent(
                                                    path + args[0], k -> new SimpleCounter());
                                    default ->
                                            throw new UnsupportedOperationException(
                                                    method.getName());
                                });
    }

    /** The part of a runtime context that counts use: the metric group and the accumulators. */
    private RuntimeContext context() {
        MetricGroup operator = group("", OperatorMetricGroup.class);
        return (RuntimeContext)
                Proxy.newProxyInstance(
                        getClass().getClassLoader(),
                        new Class<?>[] {RuntimeContext.class},
                        (proxy, method, args) ->
                                switch (method.getName()) {
                                    case "getMetricGroup" -> operator;
                                    case "getAccumulator" -> accumulators.get((String) args[0]);
                                    case "addAccumulator" ->
                                            accumulators.put(
                                                    (String) args[0], (Accumulator<?, ?>) args[1]);
                                    default ->
                                            throw new UnsupportedOperationException(
                                                    method.getName());
                                });
    }

    @Test
    void aCountIsAMetricInItsOperatorsGroupAndAnAccumulatorNamedAfterBoth() {
        Counters.Count late = new Counters(context(), "convergence").count("late");
        late.inc();
        late.inc();
        assertThat(metrics).containsOnlyKeys("convergence.late");
        assertThat(metrics.get("convergence.late").getCount()).isEqualTo(2);
        assertThat(accumulators).containsOnlyKeys("convergence_late");
        assertThat(accumulators.get("convergence_late").getLocalValue()).isEqualTo(2L);
    }

    @Test
    void countsOfOneNameShareTheirAccumulator() {
        RuntimeContext ctx = context();
        new Counters(ctx, "trigger").count("fired").inc();
        new Counters(ctx, "trigger").count("fired").inc();
        assertThat(accumulators.get("trigger_fired").getLocalValue()).isEqualTo(2L);
    }
}
