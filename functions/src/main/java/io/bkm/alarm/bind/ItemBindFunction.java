package io.bkm.alarm.bind;

import io.bkm.alarm.common.ConfigCatchUp;
import io.bkm.alarm.common.Counters;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.fingerprint.Fingerprint;
import io.bkm.alarm.model.AnomalyRecord;
import io.bkm.alarm.model.DetectSample;
import io.bkm.alarm.model.HostInfo;
import io.bkm.alarm.model.RawMessage;
import io.bkm.alarm.model.Tag;
import io.bkm.alarm.strategy.ConditionMatcher;
import io.bkm.alarm.strategy.Strategies;
import io.bkm.alarm.strategy.Strategy;
import io.bkm.alarm.strategy.StrategyIndex;
import io.bkm.alarm.strategy.TargetScope;
import io.bkm.alarm.trigger.Anomalies;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Binds reported records (custom events, time-series points) to the strategy items that watch them
 * and makes detection samples of them. What is shared: the strategy index from the shipped and the
 * broadcast strategies, the wait at a fresh start until the config topic has been read (records
 * meanwhile held in operator state, released in order), and how a sample and its anomaly template
 * are made from a strategy item and the record's dimension values.
 *
 * <p>Run it in an {@link ItemBindOperator}: a broadcast function has no timers, and without them
 * records held past the wait would stay held until the next record came, and be lost when the input
 * ended.
 */
public abstract class ItemBindFunction<IN>
        extends BroadcastProcessFunction<IN, RawMessage, DetectSample>
        implements CheckpointedFunction {

    /** Where a binding writes what is not a sample; a view of the operator's context. */
    protected interface SideOutput {
        <X> void output(OutputTag<X> tag, X value);
    }

    private final TreeMap<Long, String> shipped;
    private final int maxMessageBytes;
    private final ConfigCatchUp catchUp;
    private final ListStateDescriptor<IN> waiting;
    private transient boolean restored;
    private transient boolean configEnded;
    private transient ConfigCatchUp.Progress progress;
    private transient List<IN> held;
    private transient ListState<IN> heldState;
    private transient StrategyIndex index;

    /** Strategy id → its algorithms as JSON, as samples carry them; cleared with the index. */
    private transient Map<Long, String[]> algorithmsJson;

    private transient Counters.Count badConfig;
    private transient Counters.Count outOfScope;
    private transient Counters.Count conditionUnmet;
    private transient Counters.Count dimensionMissing;

    /** Records no strategy watches. */
    protected transient Counters.Count noStrategy;

    /** Samples made: a record bound to a strategy. */
    protected transient Counters.Count bound;

    /**
     * @param waiting the operator state of records held at start-up; its name is part of savepoints
     */
    protected ItemBindFunction(
            Map<Long, String> shipped,
            int maxMessageBytes,
            ConfigCatchUp catchUp,
            ListStateDescriptor<IN> waiting) {
        this.shipped = new TreeMap<>(shipped);
        this.maxMessageBytes = maxMessageBytes;
        this.catchUp = catchUp;
        this.waiting = waiting;
    }

    /** Binds one record with the current strategies. */
    protected abstract void bind(
            IN record, StrategyIndex index, SideOutput side, Collector<DetectSample> out)
            throws Exception;

    /** Prefix of this operator's counters, e.g. {@code custom_event}. */
    protected abstract String counterPrefix();

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        restored = context.isRestored();
        heldState = context.getOperatorStateStore().getListState(waiting);
        held = new ArrayList<>();
        heldState.get().forEach(held::add);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        heldState.update(held);
    }

    @Override
    public void open(OpenContext openContext) {
        algorithmsJson = new HashMap<>();
        badConfig = counters("bad_strategy_config");
        noStrategy = counters("no_strategy");
        outOfScope = counters("out_of_scope");
        conditionUnmet = counters("condition_unmet");
        dimensionMissing = counters("dimension_missing");
        bound = counters("bound");
    }

    protected Counters.Count counters(String name) {
        return new Counters(getRuntimeContext(), "detect").count(counterPrefix() + "_" + name);
    }

    private boolean configRead(long now) {
        if (progress == null) {
            progress = catchUp.start(restored, now);
        }
        return progress.done(now) || configEnded;
    }

    private void release(
            Iterable<Map.Entry<Long, String>> runtime, SideOutput side, Collector<DetectSample> out)
            throws Exception {
        List<IN> waited = held;
        held = new ArrayList<>();
        for (IN r : waited) {
            bind(r, index(runtime), side, out);
        }
    }

    // ---- what ItemBindOperator calls between records -----------------------------------------

    /** Whether records are held, waiting for the config topic. */
    boolean holds() {
        return !held.isEmpty();
    }

    /** When what is held may be released: {@code now} if it may already, else the wait's end. */
    long releaseTime(long now) {
        return configRead(now) ? now : progress.deadline();
    }

    /** Releases what is held if the config topic has been read or the wait is over by now. */
    void releaseIfDue(
            long now,
            Iterable<Map.Entry<Long, String>> runtime,
            SideOutput side,
            Collector<DetectSample> out)
            throws Exception {
        if (!held.isEmpty() && configRead(now)) {
            release(runtime, side, out);
        }
    }

    /**
     * The config input has ended: no more of it is coming, so nothing waits for it from now on and
     * what is held is bound with the configuration read so far.
     */
    void configEnded(
            Iterable<Map.Entry<Long, String>> runtime, SideOutput side, Collector<DetectSample> out)
            throws Exception {
        configEnded = true;
        release(runtime, side, out);
    }

    private StrategyIndex index(Iterable<Map.Entry<Long, String>> runtime) {
        if (index == null) {
            index = StrategyIndex.of(shipped, runtime);
        }
        return index;
    }

    @Override
    public void processElement(IN r, ReadOnlyContext ctx, Collector<DetectSample> out)
            throws Exception {
        if (!configRead(ctx.currentProcessingTime())) {
            held.add(r);
            return;
        }
        var runtime = ctx.getBroadcastState(Strategies.STATE).immutableEntries();
        SideOutput side =
                new SideOutput() {
                    @Override
                    public <X> void output(OutputTag<X> tag, X value) {
                        ctx.output(tag, value);
                    }
                };
        if (!held.isEmpty()) {
            release(runtime, side, out);
        }
        bind(r, index(runtime), side, out);
    }

    @Override
    public void processBroadcastElement(RawMessage config, Context ctx, Collector<DetectSample> out)
            throws Exception {
        BroadcastState<Long, String> state = ctx.getBroadcastState(Strategies.STATE);
        configRead(ctx.currentProcessingTime());
        progress.read(config);
        Strategies.apply(
                config,
                state,
                maxMessageBytes,
                getRuntimeContext(),
                id -> {
                    index = null;
                    algorithmsJson.clear();
                },
                // the GSE bind operator reads the same records and reports the invalid ones
                e -> badConfig.inc());
        if (!held.isEmpty() && configRead(ctx.currentProcessingTime())) {
            release(
                    state.immutableEntries(),
                    new SideOutput() {
                        @Override
                        public <X> void output(OutputTag<X> tag, X value) {
                            ctx.output(tag, value);
                        }
                    },
                    out);
        }
    }

    // ---- what bindings share -------------------------------------------------------------------

    /**
     * The values of {@code aggDimension} when the record is in the item's target scope, meets its
     * {@code agg_condition} and has every dimension; otherwise null, counted by why.
     */
    Map<String, Object> admitted(
            Strategy.Item item,
            List<String> aggDimension,
            Map<String, Object> view,
            String target,
            String bkBizId) {
        Map<String, Object> dimensions = dimensions(aggDimension, view);
        if (!TargetScope.contains(item.target, host(target, bkBizId))) {
            outOfScope.inc();
        } else if (!ConditionMatcher.matches(item.aggCondition, view)) {
            conditionUnmet.inc();
        } else if (dimensions == null) {
            // bk-monitor groups with a terms aggregation, which skips such records
            dimensionMissing.inc();
        } else {
            return dimensions;
        }
        return null;
    }

    /** In the item's target scope and meeting its {@code agg_condition}; nothing counted. */
    static boolean inScope(
            Strategy.Item item, Map<String, Object> view, String target, String bkBizId) {
        return TargetScope.contains(item.target, host(target, bkBizId))
                && ConditionMatcher.matches(item.aggCondition, view);
    }

    /** A reported record has no CMDB host; its target, usually an IP, is what a scope matches. */
    private static HostInfo host(String target, String bkBizId) {
        HostInfo h = new HostInfo();
        h.ip = target;
        h.bizId = bkBizId;
        h.topoNodes = new String[0];
        return h;
    }

    /** The record's dimensions in a view, bare and under {@code dimensions.}; the first wins. */
    static void putDimensions(Map<String, Object> view, Tag[] dimensions) {
        if (dimensions != null) {
            for (Tag t : dimensions) {
                view.putIfAbsent(t.key, t.value);
                view.putIfAbsent("dimensions." + t.key, t.value);
            }
        }
    }

    /**
     * The values of the item's {@code agg_dimension} in its order, read from {@code view} (a {@code
     * dimensions.} prefix is dropped); null when one is missing.
     */
    static Map<String, Object> dimensions(List<String> aggDimension, Map<String, Object> view) {
        Map<String, Object> d = new LinkedHashMap<>();
        for (String k : aggDimension) {
            String key = plainKey(k);
            Object v = view.get(key);
            if (v == null) {
                return null;
            }
            d.put(key, v);
        }
        return d;
    }

    private static String plainKey(String k) {
        return k.startsWith("dimensions.") ? k.substring("dimensions.".length()) : k;
    }

    /**
     * The anomaly a window of these dimensions becomes, with every level of the item; the
     * dimensions' keys, in order, are its dimension fields.
     */
    static AnomalyRecord anomaly(
            Strategy s, String bkBizId, Map<String, Object> dimensions, long timeMs, long at) {
        Strategy.Item item = s.firstItem();
        AnomalyRecord a = Anomalies.boundTo(s, bkBizId);
        a.md5Dimension = Fingerprint.of(dimensions);
        a.time = Math.floorDiv(timeMs, 1000L);
        a.receivedAt = at;
        int n = item.algorithms.size();
        a.levels = new int[n];
        a.triggerCounts = new int[n];
        a.triggerWindows = new int[n];
        for (int i = 0; i < n; i++) {
            Strategy.Detect d = s.detect(item.algorithms.get(i).level);
            a.levels[i] = item.algorithms.get(i).level;
            a.triggerCounts[i] = d.triggerConfig.count;
            a.triggerWindows[i] = d.triggerConfig.checkWindow;
        }
        a.dimensionsJson = Json.write(dimensions);
        a.dimensionFields = dimensions.keySet().toArray(new String[0]);
        a.additionalDimensionsJson = "{}";
        return a;
    }

    /** A sample of {@code value} for the item of {@code s}, with its source for dead letters. */
    DetectSample sample(
            Strategy s,
            AnomalyRecord anomaly,
            double value,
            String aggMethod,
            String metricLabel,
            long timeMs,
            String topic,
            int partition,
            long offset) {
        DetectSample d = new DetectSample();
        d.anomaly = anomaly;
        d.value = value;
        d.aggMethod = aggMethod;
        // the same array for every sample of the strategy: written once, not per record
        d.algorithms =
                algorithmsJson.computeIfAbsent(
                        s.id,
                        id ->
                                s.firstItem().algorithms.stream()
                                        .map(Json::write)
                                        .toArray(String[]::new));
        d.metricLabel = metricLabel;
        d.timeMs = timeMs;
        d.sourceTopic = topic;
        d.sourcePartition = partition;
        d.sourceOffset = offset;
        return d;
    }
}
