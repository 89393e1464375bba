package io.bkm.alarm.notice;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * bk-monitor's metrics of the notice stage under its names (behaviour spec §10), labelled as it
 * labels them: alerts pushed to action creation by strategy and signal ({@code
 * bkmonitor_alert_manage_push_data_count}), notice actions created ({@code
 * bkmonitor_action_create_process_count}) and the time an alert version takes to become them
 * ({@code bkmonitor_action_create_process_time}, microseconds). Labels are Flink key-value groups,
 * which Prometheus's reporter turns into labels; strategy ids past {@link #MAX_STRATEGIES} share
 * one label value, so a flood of strategies cannot flood the metric store.
 */
final class NoticeMetrics {
    static final String PUSHED = "bkmonitor_alert_manage_push_data_count";
    static final String CREATED = "bkmonitor_action_create_process_count";
    static final String CREATE_TIME = "bkmonitor_action_create_process_time";

    static final int MAX_STRATEGIES = 1000;

    /** The strategy label of alerts without strategy, and of strategies past the bound. */
    static final String NO_STRATEGY = "0";

    static final String OTHER_STRATEGIES = "__other__";

    private final MetricGroup group;
    private final Map<String, Counter> counters = new HashMap<>();
    private final Set<Long> strategies = new HashSet<>();
    private final Histogram createTime;

    NoticeMetrics(MetricGroup group) {
        this.group = group;
        createTime =
                group.addGroup("strategy_id", "__total__")
                        .histogram(CREATE_TIME, new DescriptiveStatisticsHistogram(1000));
    }

    /** An alert version became this signal, whether anyone hears of it or not. */
    void pushed(Long strategyId, String signal) {
        counter(PUSHED, strategyId, signal).inc();
    }

    /** A notice action of this signal was created. */
    void created(Long strategyId, String signal) {
        counter(CREATED, strategyId, signal).inc();
    }

    /** An alert version or timer that created actions took this long, from {@code startNanos}. */
    void createTime(long startNanos) {
        createTime.update((System.nanoTime() - startNanos) / 1000);
    }

    private Counter counter(String name, Long strategyId, String signal) {
        String strategy = strategyLabel(strategyId);
        return counters.computeIfAbsent(
                name + '|' + strategy + '|' + signal,
                k ->
                        group.addGroup("strategy_id", strategy)
                                .addGroup("signal", signal)
                                .counter(name));
    }

    private String strategyLabel(Long strategyId) {
        if (strategyId == null || strategyId == 0) {
            return NO_STRATEGY;
        }
        if (strategies.contains(strategyId)) {
            return Long.toString(strategyId);
        }
        if (strategies.size() < MAX_STRATEGIES) {
            strategies.add(strategyId);
            return Long.toString(strategyId);
        }
        return OTHER_STRATEGIES;
    }
}
