package io.bkm.alarm.trigger;

import io.bkm.alarm.common.DeadLetters;
import io.bkm.alarm.model.AnomalyRecord;
import io.bkm.alarm.model.DeadLetter;
import io.bkm.alarm.model.GseRecord;
import io.bkm.alarm.model.RawMessage;
import io.bkm.alarm.strategy.ConditionMatcher;
import io.bkm.alarm.strategy.Strategies;
import io.bkm.alarm.strategy.Strategy;
import io.bkm.alarm.strategy.StrategyIndex;
import io.bkm.alarm.strategy.TargetScope;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Binds each enriched GSE record to the strategies that watch it (behaviour spec §1.1.10 steps
 * 3–7): the business's enabled strategies on the record's metric, then target scope, {@code
 * agg_condition}, and priority groups. Keyed by the record's dimension fingerprint, which is what
 * priority inhibition is about. Strategy changes arrive as {@code strategy:{id}} config records.
 */
public class StrategyBindFunction
        extends KeyedBroadcastProcessFunction<String, GseRecord, RawMessage, AnomalyRecord> {
    /** Priority group → {@code "priority:time"} of the strongest recent strategy. */
    static final MapStateDescriptor<String, String> PRIORITY =
            new MapStateDescriptor<>("priority", Types.STRING, Types.STRING);

    /** When the marks are idle long enough to clear (processing time). */
    static final ValueStateDescriptor<Long> IDLE_DEADLINE =
            new ValueStateDescriptor<>("priority-idle-deadline", Types.LONG);

    private final TreeMap<Long, String> shipped;
    private final int maxMessageBytes;
    private transient StrategyIndex index;
    private transient TriggerCounters noStrategy;
    private transient TriggerCounters outOfScope;
    private transient TriggerCounters conditionUnmet;
    private transient TriggerCounters inhibited;
    private transient TriggerCounters bound;
    private transient TriggerCounters badConfig;
    private transient MapState<String, String> priority;
    private transient ValueState<Long> idleDeadline;

    public StrategyBindFunction(Map<Long, String> shipped, int maxMessageBytes) {
        this.shipped = new TreeMap<>(shipped);
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public void open(OpenContext openContext) {
        noStrategy = new TriggerCounters(getRuntimeContext(), "no_strategy");
        outOfScope = new TriggerCounters(getRuntimeContext(), "out_of_scope");
        conditionUnmet = new TriggerCounters(getRuntimeContext(), "condition_unmet");
        inhibited = new TriggerCounters(getRuntimeContext(), "inhibited");
        bound = new TriggerCounters(getRuntimeContext(), "bound");
        badConfig = new TriggerCounters(getRuntimeContext(), "bad_strategy_config");
        priority = getRuntimeContext().getMapState(PRIORITY);
        idleDeadline = getRuntimeContext().getState(IDLE_DEADLINE);
    }

    @Override
    public void processElement(GseRecord r, ReadOnlyContext ctx, Collector<AnomalyRecord> out)
            throws Exception {
        if (index == null) {
            index =
                    StrategyIndex.of(
                            shipped, ctx.getBroadcastState(Strategies.STATE).immutableEntries());
        }
        List<Strategy> candidates =
                new ArrayList<>(index.bound(bizId(r.hostInfo.bizId), r.metricId));
        if (candidates.isEmpty()) {
            noStrategy.inc();
            return;
        }
        // stronger strategies first, so they inhibit weaker ones of their group in this record
        candidates.sort(
                Comparator.comparing(
                                (Strategy s) -> s.priority == null ? Integer.MIN_VALUE : s.priority)
                        .reversed()
                        .thenComparingLong(s -> s.id));
        Map<String, Object> conditionView = GseDimensions.conditionView(r);
        for (Strategy s : candidates) {
            Strategy.Item item = s.firstItem();
            if (!TargetScope.contains(item.target, r.hostInfo)) {
                outOfScope.inc();
            } else if (!ConditionMatcher.matches(item.aggCondition, conditionView)) {
                conditionUnmet.inc();
            } else if (isInhibited(s, ctx.getCurrentKey(), r.receivedAt, ctx)) {
                inhibited.inc();
            } else {
                bound.inc();
                out.collect(Anomalies.of(r, ctx.getCurrentKey(), s));
            }
        }
    }

    private static long bizId(String biz) {
        try {
            return Long.parseLong(biz);
        } catch (NumberFormatException e) {
            return -1; // no business: no strategy
        }
    }

    /**
     * bk-monitor's PriorityChecker: a mark younger than 5 intervals from a stronger strategy of the
     * group inhibits; otherwise this strategy's priority becomes the mark. Times are the records'.
     */
    private boolean isInhibited(Strategy s, String key, long now, ReadOnlyContext ctx)
            throws Exception {
        if (s.priority == null || s.priorityGroupKey.isEmpty()) {
            return false;
        }
        String mark = priority.get(s.priorityGroupKey);
        if (mark != null) {
            String[] p = mark.split(":");
            long markPriority = Long.parseLong(p[0]);
            long markTime = Long.parseLong(p[1]);
            if (markTime + 5L * s.firstItem().aggInterval >= now && markPriority > s.priority) {
                return true;
            }
        }
        if (s.priority != 0) {
            priority.put(s.priorityGroupKey, s.priority + ":" + now);
            // bk-monitor deletes marks 10 intervals old; they stop counting after 5
            long deadline =
                    TriggerFunction.idleDeadline(
                            ctx.timerService().currentProcessingTime(),
                            10L * s.firstItem().aggInterval);
            Long current = idleDeadline.value();
            if (current == null || deadline > current) {
                idleDeadline.update(deadline);
                ctx.timerService().registerProcessingTimeTimer(deadline);
            }
        }
        return false;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AnomalyRecord> out)
            throws Exception {
        Long deadline = idleDeadline.value();
        if (deadline != null && timestamp >= deadline) {
            priority.clear();
            idleDeadline.clear();
        }
    }

    @Override
    public void processBroadcastElement(
            RawMessage config, Context ctx, Collector<AnomalyRecord> out) {
        BroadcastState<Long, String> state = ctx.getBroadcastState(Strategies.STATE);
        Strategies.apply(
                config,
                state,
                maxMessageBytes,
                getRuntimeContext(),
                id -> index = null,
                e -> {
                    badConfig.inc();
                    ctx.output(DeadLetters.TAG, DeadLetter.of(config, e.reason(), e.getMessage()));
                });
    }
}
