package io.bkm.alarm.bind;

import io.bkm.alarm.common.ConfigCatchUp;
import io.bkm.alarm.common.Counters;
import io.bkm.alarm.common.DeadLetters;
import io.bkm.alarm.common.IdleDeadline;
import io.bkm.alarm.gse.GseDimensions;
import io.bkm.alarm.model.AnomalyRecord;
import io.bkm.alarm.model.DeadLetter;
import io.bkm.alarm.model.GseRecord;
import io.bkm.alarm.model.RawMessage;
import io.bkm.alarm.strategy.ConditionMatcher;
import io.bkm.alarm.strategy.Strategies;
import io.bkm.alarm.strategy.Strategy;
import io.bkm.alarm.strategy.StrategyIndex;
import io.bkm.alarm.strategy.TargetScope;
import io.bkm.alarm.trigger.Anomalies;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Binds each enriched GSE record to the strategies that watch it (behaviour spec §1.1.10 steps
 * 3–7): the business's enabled strategies on the record's metric, then target scope, {@code
 * agg_condition}, and priority groups. Keyed by the record's dimension fingerprint, which is what
 * priority inhibition is about. Strategy changes arrive as {@code strategy:{id}} config records.
 */
public class GseBindFunction
        extends KeyedBroadcastProcessFunction<String, GseRecord, RawMessage, AnomalyRecord>
        implements CheckpointedFunction {
    /** Priority group → {@code "priority:time"} of the strongest recent strategy. */
    static final MapStateDescriptor<String, String> PRIORITY =
            new MapStateDescriptor<>("priority", Types.STRING, Types.STRING);

    /** When the marks are idle long enough to clear (processing time). */
    static final ValueStateDescriptor<Long> IDLE_DEADLINE =
            new ValueStateDescriptor<>("priority-idle-deadline", Types.LONG);

    /** Records that came before the config topic was read at a fresh start, in arrival order. */
    static final ListStateDescriptor<GseRecord> WAITING =
            new ListStateDescriptor<>("config-wait", TypeInformation.of(GseRecord.class));

    private static final long WAIT_POLL_MS = 200;

    /**
     * Once records may be bound, every key's waiting records drain at its next poll timer; after
     * this long no key can still hold any, and records stop asking the state whether they must
     * queue behind them.
     */
    private static final long DRAIN_MS = 60_000;

    private final TreeMap<Long, String> shipped;
    private final int maxMessageBytes;
    private final ConfigCatchUp catchUp;
    private transient StrategyIndex index;
    private transient boolean restored;

    /** Until when a record may find earlier ones of its key still waiting (processing time). */
    private transient long checkWaitingUntil;

    private transient ConfigCatchUp.Progress progress;

    /** When the config was first seen read, processing time; -1 before. */
    private transient long readAt;

    private transient ListState<GseRecord> waiting;
    private transient Counters.Count noStrategy;
    private transient Counters.Count outOfScope;
    private transient Counters.Count conditionUnmet;
    private transient Counters.Count inhibited;
    private transient Counters.Count bound;
    private transient Counters.Count badConfig;
    private transient MapState<String, String> priority;
    private transient ValueState<Long> idleDeadline;

    public GseBindFunction(Map<Long, String> shipped, int maxMessageBytes) {
        this(shipped, maxMessageBytes, ConfigCatchUp.NONE);
    }

    public GseBindFunction(Map<Long, String> shipped, int maxMessageBytes, ConfigCatchUp catchUp) {
        this.shipped = new TreeMap<>(shipped);
        this.maxMessageBytes = maxMessageBytes;
        this.catchUp = catchUp;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) {
        restored = context.isRestored();
        // a checkpoint taken while records waited holds them, with their timers
        checkWaitingUntil = restored ? Long.MAX_VALUE : Long.MIN_VALUE;
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {}

    private ConfigCatchUp.Progress progress(long now) {
        if (progress == null) {
            progress = catchUp.start(restored, now);
        }
        return progress;
    }

    @Override
    public void open(OpenContext openContext) {
        Counters counters = new Counters(getRuntimeContext(), "trigger");
        noStrategy = counters.count("no_strategy");
        outOfScope = counters.count("out_of_scope");
        conditionUnmet = counters.count("condition_unmet");
        inhibited = counters.count("inhibited");
        bound = counters.count("bound");
        badConfig = counters.count("bad_strategy_config");
        priority = getRuntimeContext().getMapState(PRIORITY);
        idleDeadline = getRuntimeContext().getState(IDLE_DEADLINE);
        waiting = getRuntimeContext().getListState(WAITING);
        readAt = -1;
    }

    @Override
    public void processElement(GseRecord r, ReadOnlyContext ctx, Collector<AnomalyRecord> out)
            throws Exception {
        long now = ctx.timerService().currentProcessingTime();
        boolean done = progress(now).done(now);
        if (done && checkWaitingUntil == Long.MAX_VALUE) {
            checkWaitingUntil = now + DRAIN_MS;
        }
        if (!done || (now < checkWaitingUntil && isWaiting())) {
            waiting.add(r);
            if (!done) {
                checkWaitingUntil = Long.MAX_VALUE;
            }
            ctx.timerService().registerProcessingTimeTimer(now - now % WAIT_POLL_MS + WAIT_POLL_MS);
            // A bounded run drops processing-time timers when its inputs end, but fires event-time
            // ones: the end-of-input watermark releases what is still held, config all read by
            // then.
            ctx.timerService().registerEventTimeTimer(END_OF_INPUT);
            return;
        }
        bind(r, ctx, out);
    }

    /**
     * Whether records may still be waiting at {@code now}, so that the watermark must not pass
     * them: until the config topic has been read (or the wait is over), and for two polls after, by
     * when every key's waiting records have been bound at its poll timer. A restored operator does
     * not wait, but the records restored waiting are bound at its first polls.
     */
    boolean mayHold(long now) {
        if (!progress(now).done(now)) {
            return true;
        }
        if (readAt < 0) {
            readAt = now;
        }
        return now < readAt + 2 * WAIT_POLL_MS;
    }

    /** When to ask {@link #mayHold} again. */
    long holdCheckAt(long now) {
        return now + WAIT_POLL_MS;
    }

    private boolean isWaiting() throws Exception {
        Iterable<GseRecord> w = waiting.get();
        return w != null && w.iterator().hasNext();
    }

    private void bind(GseRecord r, ReadOnlyContext ctx, Collector<AnomalyRecord> out)
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
                    IdleDeadline.after(
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

    /** The watermark a bounded input ends with. */
    static final long END_OF_INPUT = Long.MAX_VALUE;

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AnomalyRecord> out)
            throws Exception {
        if (isWaiting()) {
            if (progress(timestamp).done(timestamp)) {
                List<GseRecord> held = new ArrayList<>();
                waiting.get().forEach(held::add);
                waiting.clear();
                ctx.timerService().deleteEventTimeTimer(END_OF_INPUT);
                for (GseRecord r : held) {
                    bind(r, ctx, out);
                }
            } else {
                ctx.timerService().registerProcessingTimeTimer(timestamp + WAIT_POLL_MS);
            }
        }
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
        progress(ctx.currentProcessingTime()).read(config);
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
