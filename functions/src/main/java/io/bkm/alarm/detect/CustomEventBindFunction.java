package io.bkm.alarm.detect;

import io.bkm.alarm.common.ConfigCatchUp;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.fingerprint.Fingerprint;
import io.bkm.alarm.model.AnomalyRecord;
import io.bkm.alarm.model.CustomEventRecord;
import io.bkm.alarm.model.CustomEventRecovery;
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
import io.bkm.alarm.trigger.TriggerCounters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Binds custom events to the custom-event strategies that watch them (behaviour spec §1.2,
 * bk-monitor's {@code CustomEventDataSource}): the item's metric {@code
 * custom.event.{table}.{event_name}} (or {@code .__INDEX__} for every event of the table), the
 * business of the data source, target scope on the event's target, {@code agg_condition}, and the
 * values of {@code agg_dimension}. Abnormal events become samples counted per interval; recovery
 * events are not counted but leave as {@link #RECOVERIES} for the alert of their dimensions.
 */
public class CustomEventBindFunction
        extends BroadcastProcessFunction<CustomEventRecord, RawMessage, DetectSample>
        implements CheckpointedFunction {
    public static final OutputTag<CustomEventRecovery> RECOVERIES =
            new OutputTag<>("custom-event-recoveries") {};

    static final String EVERY_EVENT = "__INDEX__";

    /**
     * Events that came before the config topic was read at a fresh start. Released with the next
     * event or config record once it has been read (or {@link ConfigCatchUp}'s wait has passed).
     */
    static final ListStateDescriptor<CustomEventRecord> WAITING =
            new ListStateDescriptor<>(
                    "custom-event-config-wait", TypeInformation.of(CustomEventRecord.class));

    private final TreeMap<Long, String> shipped;
    private final int maxMessageBytes;
    private final ConfigCatchUp catchUp;
    private transient boolean restored;
    private transient ConfigCatchUp.Progress progress;
    private transient List<CustomEventRecord> held;
    private transient ListState<CustomEventRecord> heldState;
    private transient StrategyIndex index;

    /** Strategy id → its algorithms as JSON, as samples carry them; cleared with the index. */
    private transient Map<Long, String[]> algorithmsJson;

    private transient TriggerCounters noStrategy;
    private transient TriggerCounters outOfScope;
    private transient TriggerCounters conditionUnmet;
    private transient TriggerCounters dimensionMissing;
    private transient TriggerCounters bound;
    private transient TriggerCounters recoveries;
    private transient TriggerCounters badConfig;

    public CustomEventBindFunction(Map<Long, String> shipped, int maxMessageBytes) {
        this(shipped, maxMessageBytes, ConfigCatchUp.NONE);
    }

    public CustomEventBindFunction(
            Map<Long, String> shipped, int maxMessageBytes, ConfigCatchUp catchUp) {
        this.shipped = new TreeMap<>(shipped);
        this.maxMessageBytes = maxMessageBytes;
        this.catchUp = catchUp;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        restored = context.isRestored();
        heldState = context.getOperatorStateStore().getListState(WAITING);
        held = new ArrayList<>();
        heldState.get().forEach(held::add);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        heldState.update(held);
    }

    private boolean configRead(long now) {
        if (progress == null) {
            progress = catchUp.start(restored, now);
        }
        return progress.done(now);
    }

    private void release(
            Iterable<Map.Entry<Long, String>> runtime,
            Consumer<CustomEventRecovery> recovered,
            Collector<DetectSample> out)
            throws Exception {
        List<CustomEventRecord> waited = held;
        held = new ArrayList<>();
        for (CustomEventRecord r : waited) {
            bind(r, runtime, recovered, out);
        }
    }

    /** bk-monitor's table of a custom event data source. */
    public static String table(String bkBizId, long dataId) {
        return bkBizId + "_bkmonitor_event_" + dataId;
    }

    public static String metricId(String bkBizId, long dataId, String eventName) {
        return "custom.event." + table(bkBizId, dataId) + "." + eventName;
    }

    @Override
    public void open(OpenContext openContext) {
        algorithmsJson = new HashMap<>();
        noStrategy = new TriggerCounters(getRuntimeContext(), "custom_event_no_strategy");
        outOfScope = new TriggerCounters(getRuntimeContext(), "custom_event_out_of_scope");
        conditionUnmet = new TriggerCounters(getRuntimeContext(), "custom_event_condition_unmet");
        dimensionMissing =
                new TriggerCounters(getRuntimeContext(), "custom_event_dimension_missing");
        bound = new TriggerCounters(getRuntimeContext(), "custom_event_bound");
        recoveries = new TriggerCounters(getRuntimeContext(), "custom_event_recoveries");
        badConfig = new TriggerCounters(getRuntimeContext(), "custom_event_bad_strategy_config");
    }

    @Override
    public void processElement(
            CustomEventRecord r, ReadOnlyContext ctx, Collector<DetectSample> out)
            throws Exception {
        if (!configRead(ctx.currentProcessingTime())) {
            held.add(r);
            return;
        }
        var runtime = ctx.getBroadcastState(Strategies.STATE).immutableEntries();
        if (!held.isEmpty()) {
            release(runtime, x -> ctx.output(RECOVERIES, x), out);
        }
        bind(r, runtime, x -> ctx.output(RECOVERIES, x), out);
    }

    private void bind(
            CustomEventRecord r,
            Iterable<Map.Entry<Long, String>> runtime,
            Consumer<CustomEventRecovery> recovered,
            Collector<DetectSample> out)
            throws Exception {
        if (index == null) {
            index = StrategyIndex.of(shipped, runtime);
        }
        long biz;
        try {
            biz = Long.parseLong(r.bkBizId);
        } catch (NumberFormatException e) {
            biz = -1;
        }
        List<Strategy> candidates = new ArrayList<>();
        candidates.addAll(index.bound(biz, metricId(r.bkBizId, r.dataId, r.eventName)));
        candidates.addAll(index.bound(biz, metricId(r.bkBizId, r.dataId, EVERY_EVENT)));
        if (candidates.isEmpty()) {
            noStrategy.inc();
            return;
        }
        Map<String, Object> view = conditionView(r);
        for (Strategy s : candidates) {
            Strategy.Item item = s.firstItem();
            Map<String, Object> dimensions = dimensions(item, view);
            if (!TargetScope.contains(item.target, host(r))) {
                outOfScope.inc();
            } else if (!ConditionMatcher.matches(item.aggCondition, view)) {
                conditionUnmet.inc();
            } else if (dimensions == null) {
                // bk-monitor groups with an ES terms aggregation, which skips such events
                dimensionMissing.inc();
            } else if (r.recovery) {
                recoveries.inc();
                recovered.accept(recovery(r, s, dimensions));
            } else {
                bound.inc();
                out.collect(sample(r, s, dimensions));
            }
        }
    }

    /** What {@code agg_condition} and {@code agg_dimension} read: the event's fields and dims. */
    static Map<String, Object> conditionView(CustomEventRecord r) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("event_name", r.eventName);
        v.put("target", r.target);
        if (r.dimensions != null) {
            for (Tag t : r.dimensions) {
                v.putIfAbsent(t.key, t.value);
                v.putIfAbsent("dimensions." + t.key, t.value);
            }
        }
        return v;
    }

    /** The {@code agg_dimension} values in the item's order; null when one is missing. */
    private static Map<String, Object> dimensions(Strategy.Item item, Map<String, Object> view) {
        Map<String, Object> d = new LinkedHashMap<>();
        for (String k : item.aggDimension) {
            String key = k.startsWith("dimensions.") ? k.substring("dimensions.".length()) : k;
            Object v = view.get(key);
            if (v == null) {
                return null;
            }
            d.put(key, v);
        }
        return d;
    }

    /** A custom event has no CMDB host; its target, usually an IP, is what a scope can match. */
    private static HostInfo host(CustomEventRecord r) {
        HostInfo h = new HostInfo();
        h.ip = r.target;
        h.bizId = r.bkBizId;
        h.topoNodes = new String[0];
        return h;
    }

    private static AnomalyRecord anomaly(
            CustomEventRecord r, Strategy s, Map<String, Object> dimensions) {
        Strategy.Item item = s.firstItem();
        AnomalyRecord a = Anomalies.boundTo(s, r.bkBizId);
        a.md5Dimension = Fingerprint.of(dimensions);
        a.time = Math.floorDiv(r.timestampMs, 1000L);
        a.receivedAt = r.receivedAt;
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
        a.dimensionFields =
                item.aggDimension.stream()
                        .map(
                                k ->
                                        k.startsWith("dimensions.")
                                                ? k.substring("dimensions.".length())
                                                : k)
                        .toArray(String[]::new);
        a.additionalDimensionsJson = "{}";
        return a;
    }

    private DetectSample sample(CustomEventRecord r, Strategy s, Map<String, Object> dimensions) {
        Strategy.Item item = s.firstItem();
        DetectSample d = new DetectSample();
        d.anomaly = anomaly(r, s, dimensions);
        d.value = 1;
        d.aggMethod = WindowAggregate.COUNT;
        // the same array for every sample of the strategy: written once, not per event
        d.algorithms =
                algorithmsJson.computeIfAbsent(
                        s.id,
                        id -> item.algorithms.stream().map(Json::write).toArray(String[]::new));
        String watched = item.metricIds.get(0);
        d.metricLabel =
                "COUNT(" + (watched.endsWith("." + EVERY_EVENT) ? "events" : r.eventName) + ")";
        d.timeMs = r.timestampMs;
        d.sourceTopic = r.sourceTopic;
        d.sourcePartition = r.sourcePartition;
        d.sourceOffset = r.sourceOffset;
        return d;
    }

    private static CustomEventRecovery recovery(
            CustomEventRecord r, Strategy s, Map<String, Object> dimensions) {
        CustomEventRecovery c = new CustomEventRecovery();
        c.strategyId = s.id;
        c.dedupeMd5 = Anomalies.dedupeMd5(anomaly(r, s, dimensions));
        c.time = Math.floorDiv(r.timestampMs, 1000L);
        c.receivedAt = r.receivedAt;
        return c;
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
            release(state.immutableEntries(), x -> ctx.output(RECOVERIES, x), out);
        }
    }
}
