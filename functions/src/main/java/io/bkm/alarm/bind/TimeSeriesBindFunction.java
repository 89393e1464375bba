package io.bkm.alarm.bind;

import io.bkm.alarm.cmdb.ScopeHosts;
import io.bkm.alarm.common.ConfigCatchUp;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.detect.NoDataRules;
import io.bkm.alarm.detect.WindowAggregate;
import io.bkm.alarm.fingerprint.Fingerprint;
import io.bkm.alarm.model.DetectSample;
import io.bkm.alarm.model.NoDataSeen;
import io.bkm.alarm.model.TimeSeriesPoint;
import io.bkm.alarm.strategy.ConditionMatcher;
import io.bkm.alarm.strategy.Strategy;
import io.bkm.alarm.strategy.StrategyIndex;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Binds time-series points to the strategies whose item watches one of their metrics (behaviour
 * spec §1.1.9, §5.4): metric id {@code {point's metric prefix}.{metric name}}, for a custom
 * time-series data source {@code custom.{bk_biz_id}_bkmonitor_time_series_{data_id}.__default__
 * .{name}} as bk-monitor names it. Host metrics that bk-monitor turns into "fake events" also bind
 * to the event metric its built-in strategies watch ({@code system.env.uptime} to {@code
 * bk_monitor.os_restart}, and so on). Then business, target scope, {@code agg_condition} and {@code
 * agg_dimension} as for custom events; each bound metric value becomes a sample aggregated by the
 * item's {@code agg_method}.
 */
public class TimeSeriesBindFunction extends ItemBindFunction<TimeSeriesPoint> {
    /** Points of items with no-data detection, reduced to the no-data dimensions. */
    public static final OutputTag<NoDataSeen> NO_DATA_SEEN = new OutputTag<>("no-data-seen") {};

    /** Points that came before the config topic was read at a fresh start; see the base class. */
    static final ListStateDescriptor<TimeSeriesPoint> WAITING =
            new ListStateDescriptor<>(
                    "timeseries-config-wait", TypeInformation.of(TimeSeriesPoint.class));

    /**
     * bk-monitor's {@code fake_event_metric_id_mapping}: host metrics its strategies see as events.
     */
    static final Map<String, String> FAKE_EVENTS =
            Map.of(
                    "bk_monitor.system.env.uptime", "bk_monitor.os_restart",
                    "bk_monitor.pingserver.base.loss_percent", "bk_monitor.ping-gse",
                    "bk_monitor.system.proc_port.proc_exists", "bk_monitor.proc_port");

    /** Dimensions that already tell hosts (or instances) apart. */
    static final Set<String> INSTANCE_DIMENSIONS =
            Set.of("bk_target_ip", "ip", "bk_host_id", "bk_target_service_instance_id");

    static final List<String> HOST_DIMENSIONS = List.of("bk_target_ip", "bk_target_cloud_id");

    public TimeSeriesBindFunction(Map<Long, String> shipped, int maxMessageBytes) {
        this(shipped, maxMessageBytes, ConfigCatchUp.NONE);
    }

    public TimeSeriesBindFunction(
            Map<Long, String> shipped, int maxMessageBytes, ConfigCatchUp catchUp) {
        super(shipped, maxMessageBytes, catchUp, WAITING);
    }

    /** bk-monitor's table of a custom time-series data source, the default metric prefix's end. */
    public static String metricPrefix(String bkBizId, long dataId) {
        return "custom." + bkBizId + "_bkmonitor_time_series_" + dataId + ".__default__";
    }

    @Override
    protected String counterPrefix() {
        return "timeseries";
    }

    @Override
    protected void bind(
            TimeSeriesPoint p, StrategyIndex index, SideOutput side, Collector<DetectSample> out) {
        Map<String, Object> view = view(p);
        String bizId = String.valueOf(view.getOrDefault("bk_biz_id", p.bkBizId));
        long biz;
        try {
            biz = Long.parseLong(bizId);
        } catch (NumberFormatException e) {
            biz = -1;
        }
        String prefix = p.metricPrefix == null ? metricPrefix(p.bkBizId, p.dataId) : p.metricPrefix;
        for (int m = 0; m < p.metricNames.length; m++) {
            String metricId = prefix + "." + p.metricNames[m];
            List<Strategy> candidates = new ArrayList<>(index.bound(biz, metricId));
            String fake = FAKE_EVENTS.get(metricId);
            boolean isFake = fake != null;
            if (isFake) {
                candidates.addAll(index.bound(biz, fake));
            }
            if (candidates.isEmpty()) {
                noStrategy.inc();
                continue;
            }
            for (Strategy s : candidates) {
                Strategy.Item item = s.firstItem();
                Object ip = view.getOrDefault("bk_target_ip", p.target);
                if (item.noDataConfig.isEnabled) {
                    seen(s, view, String.valueOf(ip), bizId, p, side);
                }
                Map<String, Object> dimensions =
                        admitted(item, aggDimension(item, isFake), view, String.valueOf(ip), bizId);
                if (dimensions != null) {
                    bound.inc();
                    String method = aggMethod(item);
                    out.collect(
                            sample(
                                    s,
                                    anomaly(s, bizId, dimensions, p.timestampMs, p.receivedAt),
                                    p.metricValues[m],
                                    method,
                                    method + "(" + p.metricNames[m] + ")",
                                    p.timestampMs,
                                    p.sourceTopic,
                                    p.sourcePartition,
                                    p.sourceOffset));
                }
            }
        }
    }

    /** A point of a no-data item in scope and condition, with every no-data dimension. */
    private static void seen(
            Strategy s,
            Map<String, Object> view,
            String target,
            String bizId,
            TimeSeriesPoint p,
            SideOutput side) {
        Strategy.Item item = s.firstItem();
        Map<String, Object> d = dimensions(item.noDataConfig.aggDimension, view);
        if (d == null) {
            return; // bk-monitor drops points without a no-data dimension
        }
        // a point has no CMDB host: a topology target is checked by no-data detection, which
        // keeps only the hosts the CMDB holds under it
        boolean checkable = !ScopeHosts.needsCmdb(item);
        if (checkable
                ? !inScope(item, view, target, bizId)
                : !ConditionMatcher.matches(item.aggCondition, view)) {
            return;
        }
        NoDataSeen n = new NoDataSeen();
        n.strategyId = s.id;
        n.bkBizId = bizId;
        Map<String, Object> marked = NoDataRules.reduce(d);
        n.md5 = Fingerprint.of(marked);
        n.dimensionsJson = Json.write(marked);
        n.time = Math.floorDiv(p.timestampMs, 1000L);
        n.receivedAt = p.receivedAt;
        side.output(NO_DATA_SEEN, n);
    }

    /** What {@code agg_condition} and {@code agg_dimension} read: the point's target and dims. */
    static Map<String, Object> view(TimeSeriesPoint p) {
        Map<String, Object> v = new LinkedHashMap<>();
        if (p.target != null && !p.target.isEmpty()) {
            v.put("target", p.target);
        }
        putDimensions(v, p.dimensions);
        return v;
    }

    /**
     * The item's dimensions; for a fake event without one that tells hosts apart, the host's are
     * added, as bk-monitor completes them for host targets, so two hosts never share a window.
     */
    static List<String> aggDimension(Strategy.Item item, boolean fakeEvent) {
        if (!fakeEvent) {
            return item.aggDimension;
        }
        for (String d : item.aggDimension) {
            if (INSTANCE_DIMENSIONS.contains(d)) {
                return item.aggDimension;
            }
        }
        List<String> out = new ArrayList<>(item.aggDimension);
        out.addAll(HOST_DIMENSIONS);
        return out;
    }

    /** The item's {@code agg_method}, bk-monitor's AVG when it names none. */
    static String aggMethod(Strategy.Item item) {
        String m = item.aggMethod == null ? "" : item.aggMethod.toUpperCase();
        return switch (m) {
            case WindowAggregate.SUM,
                            WindowAggregate.MIN,
                            WindowAggregate.MAX,
                            WindowAggregate.LAST,
                            WindowAggregate.COUNT ->
                    m;
            default -> WindowAggregate.AVG;
        };
    }
}
