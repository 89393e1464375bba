package io.bkm.alarm.bind;

import io.bkm.alarm.common.ConfigCatchUp;
import io.bkm.alarm.common.Counters;
import io.bkm.alarm.detect.WindowAggregate;
import io.bkm.alarm.model.CustomEventRecord;
import io.bkm.alarm.model.CustomEventRecovery;
import io.bkm.alarm.model.DetectSample;
import io.bkm.alarm.strategy.Strategy;
import io.bkm.alarm.strategy.StrategyIndex;
import io.bkm.alarm.trigger.Anomalies;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
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
public class CustomEventBindFunction extends ItemBindFunction<CustomEventRecord> {
    public static final OutputTag<CustomEventRecovery> RECOVERIES =
            new OutputTag<>("custom-event-recoveries") {};

    static final String EVERY_EVENT = "__INDEX__";

    /**
     * Events that came before the config topic was read at a fresh start. Released once it has been
     * read, or when {@link ConfigCatchUp}'s wait has passed ({@link ItemBindOperator}'s timer), or
     * when the config input ends.
     */
    static final ListStateDescriptor<CustomEventRecord> WAITING =
            new ListStateDescriptor<>(
                    "custom-event-config-wait", TypeInformation.of(CustomEventRecord.class));

    private transient Counters.Count recoveries;

    public CustomEventBindFunction(Map<Long, String> shipped, int maxMessageBytes) {
        this(shipped, maxMessageBytes, ConfigCatchUp.NONE);
    }

    public CustomEventBindFunction(
            Map<Long, String> shipped, int maxMessageBytes, ConfigCatchUp catchUp) {
        super(shipped, maxMessageBytes, catchUp, WAITING);
    }

    /** bk-monitor's table of a custom event data source. */
    public static String table(String bkBizId, long dataId) {
        return bkBizId + "_bkmonitor_event_" + dataId;
    }

    public static String metricId(String bkBizId, long dataId, String eventName) {
        return "custom.event." + table(bkBizId, dataId) + "." + eventName;
    }

    @Override
    protected String counterPrefix() {
        return "custom_event";
    }

    @Override
    public void open(OpenContext openContext) {
        super.open(openContext);
        recoveries = counters("recoveries");
    }

    @Override
    protected void bind(
            CustomEventRecord r, StrategyIndex index, SideOutput side, Collector<DetectSample> out)
            throws Exception {
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
            Map<String, Object> dimensions =
                    admitted(item, item.aggDimension, view, r.target, r.bkBizId);
            if (dimensions == null) {
                continue;
            }
            if (r.recovery) {
                recoveries.inc();
                side.output(RECOVERIES, recovery(r, s, dimensions));
            } else {
                bound.inc();
                String watched = item.metricIds.get(0);
                String label =
                        "COUNT("
                                + (watched.endsWith("." + EVERY_EVENT) ? "events" : r.eventName)
                                + ")";
                out.collect(
                        sample(
                                s,
                                anomaly(s, r.bkBizId, dimensions, r.timestampMs, r.receivedAt),
                                1,
                                WindowAggregate.COUNT,
                                label,
                                r.timestampMs,
                                r.sourceTopic,
                                r.sourcePartition,
                                r.sourceOffset));
            }
        }
    }

    /** What {@code agg_condition} and {@code agg_dimension} read: the event's fields and dims. */
    static Map<String, Object> conditionView(CustomEventRecord r) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("event_name", r.eventName);
        v.put("target", r.target);
        putDimensions(v, r.dimensions);
        return v;
    }

    private static CustomEventRecovery recovery(
            CustomEventRecord r, Strategy s, Map<String, Object> dimensions) {
        CustomEventRecovery c = new CustomEventRecovery();
        c.strategyId = s.id;
        c.dedupeMd5 =
                Anomalies.dedupeMd5(anomaly(s, r.bkBizId, dimensions, r.timestampMs, r.receivedAt));
        c.time = Math.floorDiv(r.timestampMs, 1000L);
        c.receivedAt = r.receivedAt;
        return c;
    }
}
