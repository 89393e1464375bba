package io.bkm.alarm.detect;

import io.bkm.alarm.common.Counters;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.model.AnomalyRecord;
import io.bkm.alarm.model.CustomEventRecovery;
import io.bkm.alarm.model.NoDataSeen;
import io.bkm.alarm.model.NoDataSeries;
import io.bkm.alarm.model.RawMessage;
import io.bkm.alarm.model.StrategyHosts;
import io.bkm.alarm.strategy.Strategies;
import io.bkm.alarm.strategy.Strategy;
import io.bkm.alarm.strategy.StrategyParser;
import io.bkm.alarm.trigger.Anomalies;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * No-data detection (behaviour spec §5.4), keyed by strategy: the strategy comes from its {@code
 * strategy:{id}} config record, the points of its item from the time-series binding, reduced to
 * {@code no_data_config.agg_dimension}. A processing-time timer checks each {@code agg_interval}
 * window once it is 60 s old (at bk-monitor's :55 of the minute): every known series without a
 * point in it is a no-data anomaly for the trigger, at {@code no_data_config.level}, counted over
 * {@code continuous} windows. Series are those seen in data and the hosts of a static IP target
 * that never reported; with none at all, the whole item is one series. A series that reports again
 * ends its no-data alert at once ({@link #RECOVERIES}); one silent for a day is forgotten, and its
 * alert then closes a day after its last no-data event.
 *
 * <p>After a stall (a restore after downtime) checks more than two windows behind the clock are
 * skipped rather than caught up, as bk-monitor skips strategies whose data access has not run, so
 * the backlog of points is read before anything is called missing.
 */
public class NoDataFunction
        extends KeyedCoProcessFunction<String, NoDataSeen, StrategyHosts, AnomalyRecord> {
    public static final OutputTag<CustomEventRecovery> RECOVERIES =
            new OutputTag<>("no-data-recoveries") {};

    /** From a window's end to its check: 60 s of lateness, then :55 of the minute. */
    public static final long CHECK_DELAY_SECONDS = 115;

    static final long FORGET_SECONDS = 86_400;

    /** State names; part of the savepoint format, never rename. */
    static final ValueStateDescriptor<String> STRATEGY =
            new ValueStateDescriptor<>("nodata-strategy", Types.STRING);

    static final ValueStateDescriptor<Long> NEXT =
            new ValueStateDescriptor<>("nodata-next-window", Types.LONG);

    static final MapStateDescriptor<String, NoDataSeries> SERIES =
            new MapStateDescriptor<>(
                    "nodata-series", Types.STRING, TypeInformation.of(NoDataSeries.class));

    private final long checkDelaySeconds;

    private transient ValueState<String> strategy;
    private transient Map<String, Parsed> parsed;
    private transient ValueState<Long> next;
    private transient MapState<String, NoDataSeries> series;
    private transient Counters.Count anomalies;
    private transient Counters.Count recovered;
    private transient Counters.Count skipped;

    public NoDataFunction() {
        this(CHECK_DELAY_SECONDS);
    }

    /**
     * @param checkDelaySeconds from a window's end to its check
     */
    public NoDataFunction(long checkDelaySeconds) {
        this.checkDelaySeconds = checkDelaySeconds;
    }

    /** The key of a point's series: its strategy. */
    public static String key(NoDataSeen seen) {
        return Long.toString(seen.strategyId);
    }

    /** The key of a config record: the strategy it is about, or "" for other records. */
    public static String configKey(StrategyHosts h) {
        return configKey(h.config);
    }

    static String configKey(RawMessage m) {
        return m.key != null && m.key.startsWith(Strategies.CONFIG_KEY_PREFIX)
                ? m.key.substring(Strategies.CONFIG_KEY_PREFIX.length())
                : "";
    }

    @Override
    public void open(OpenContext openContext) {
        strategy = getRuntimeContext().getState(STRATEGY);
        parsed = new HashMap<>();
        next = getRuntimeContext().getState(NEXT);
        series = getRuntimeContext().getMapState(SERIES);
        Counters counters = new Counters(getRuntimeContext(), "detect");
        anomalies = counters.count("nodata_anomalies");
        recovered = counters.count("nodata_recovered");
        skipped = counters.count("nodata_checks_skipped");
    }

    /**
     * The key's strategy, parsed once per change of its record rather than per point: the parsed
     * form is cached by key with the JSON it came from.
     */
    private Strategy current(String key) throws Exception {
        String json = strategy.value();
        if (json == null) {
            parsed.remove(key);
            return null;
        }
        Parsed p = parsed.get(key);
        if (p == null || !p.json().equals(json)) {
            p = new Parsed(json, StrategyParser.parse(Json.MAPPER.readTree(json), null));
            parsed.put(key, p);
        }
        return p.strategy();
    }

    private record Parsed(String json, Strategy strategy) {}

    // ---- points ---------------------------------------------------------------------------------

    @Override
    public void processElement1(NoDataSeen seen, Context ctx, Collector<AnomalyRecord> out)
            throws Exception {
        Strategy s = current(ctx.getCurrentKey());
        if (s == null) {
            return; // not a no-data strategy (any more)
        }
        NoDataSeries known = series.get(seen.md5);
        if (known == null) {
            known = new NoDataSeries();
            known.bkBizId = seen.bkBizId;
            known.dimensionsJson = seen.dimensionsJson;
        }
        if (known.firstMissing != 0) {
            recover(s, known, seen.time, seen.receivedAt, ctx);
        }
        known.lastPoint = Math.max(known.lastPoint, seen.time);
        series.put(seen.md5, known);
        NoDataSeries whole = series.get(NoDataRules.WHOLE_ITEM_MD5);
        if (whole != null) {
            // data again: the whole-item series ends, with its alert if it had one
            if (whole.firstMissing != 0) {
                recover(s, whole, seen.time, seen.receivedAt, ctx);
            }
            series.remove(NoDataRules.WHOLE_ITEM_MD5);
        }
    }

    private void recover(Strategy s, NoDataSeries x, long time, long at, Context ctx)
            throws Exception {
        CustomEventRecovery r = new CustomEventRecovery();
        r.strategyId = s.id;
        r.dedupeMd5 = Anomalies.dedupeMd5(NoDataRules.anomaly(s, x, time, at));
        r.time = time;
        r.receivedAt = at;
        r.reason = CustomEventRecovery.NEW_DATA;
        ctx.output(RECOVERIES, r);
        x.firstMissing = 0;
        recovered.inc();
    }

    // ---- strategies -----------------------------------------------------------------------------

    @Override
    public void processElement2(StrategyHosts withHosts, Context ctx, Collector<AnomalyRecord> out)
            throws Exception {
        RawMessage config = withHosts.config;
        String key = ctx.getCurrentKey();
        if (key.isEmpty()) {
            return;
        }
        Strategy before = current(ctx.getCurrentKey());
        Strategy s = null;
        if (config.value != null && config.value.length > 0) {
            try {
                s =
                        StrategyParser.parse(
                                Json.MAPPER.readTree(
                                        new String(config.value, StandardCharsets.UTF_8)),
                                Long.parseLong(key));
            } catch (Exception e) {
                return; // the GSE bind operator reports invalid records; nothing changes
            }
        }
        if (s == null || !s.enabled || !s.firstItem().noDataConfig.isEnabled) {
            stop(before, ctx);
            return;
        }
        strategy.update(new String(config.value, StandardCharsets.UTF_8));
        seedTargets(NoDataRules.targets(s, withHosts.hosts));
        int unit = s.firstItem().aggInterval;
        Long window = next.value();
        if (window != null && before != null && before.firstItem().aggInterval == unit) {
            return; // the checks go on as scheduled
        }
        if (window != null) {
            ctx.timerService()
                    .deleteProcessingTimeTimer(checkAt(window, before.firstItem().aggInterval));
        }
        long from = Math.max(config.timestamp, ctx.timerService().currentProcessingTime()) / 1000;
        schedule(Math.floorDiv(from, unit) * unit, unit, ctx.timerService());
    }

    private void schedule(long window, int unit, org.apache.flink.streaming.api.TimerService timers)
            throws Exception {
        next.update(window);
        timers.registerProcessingTimeTimer(checkAt(window, unit));
    }

    private long checkAt(long window, int unit) {
        return (window + unit + checkDelaySeconds) * 1000L;
    }

    private void stop(Strategy before, Context ctx) throws Exception {
        Long window = next.value();
        if (window != null && before != null) {
            ctx.timerService()
                    .deleteProcessingTimeTimer(checkAt(window, before.firstItem().aggInterval));
        }
        next.clear();
        strategy.clear();
        series.clear();
        parsed.remove(ctx.getCurrentKey());
    }

    /**
     * Makes the hosts of the target series that must report; hosts that left the target stay only
     * as series seen in data.
     */
    private void seedTargets(Map<String, NoDataSeries> targets) throws Exception {
        List<String> left = new ArrayList<>();
        for (Map.Entry<String, NoDataSeries> e : series.entries()) {
            if (e.getValue().fromTarget && !targets.containsKey(e.getKey())) {
                left.add(e.getKey());
            }
        }
        for (String md5 : left) {
            NoDataSeries x = series.get(md5);
            if (x.lastPoint == Long.MIN_VALUE) {
                series.remove(md5);
            } else {
                x.fromTarget = false;
                series.put(md5, x);
            }
        }
        for (Map.Entry<String, NoDataSeries> e : targets.entrySet()) {
            NoDataSeries known = series.get(e.getKey());
            if (known == null) {
                series.put(e.getKey(), e.getValue());
            } else if (!known.fromTarget) {
                known.fromTarget = true;
                series.put(e.getKey(), known);
            }
        }
    }

    // ---- checks ---------------------------------------------------------------------------------

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AnomalyRecord> out)
            throws Exception {
        Long window = next.value();
        Strategy s = current(ctx.getCurrentKey());
        if (window == null || s == null) {
            return;
        }
        int unit = s.firstItem().aggInterval;
        if (timestamp != checkAt(window, unit)) {
            return; // a timer of an interval since changed
        }
        long now = ctx.timerService().currentProcessingTime();
        if (now - timestamp > 2L * unit * 1000 + 60_000) {
            skipped.inc();
            long resume = Math.floorDiv(now / 1000 - unit - checkDelaySeconds, unit) * unit;
            while (checkAt(resume, unit) <= now) {
                resume += unit;
            }
            schedule(resume, unit, ctx.timerService());
            return;
        }
        check(s, window, timestamp / 1000, out);
        schedule(window + unit, unit, ctx.timerService());
    }

    /** The check of the window at {@code window}, made at {@code at}: §5.4's decision. */
    private void check(Strategy s, long window, long at, Collector<AnomalyRecord> out)
            throws Exception {
        int unit = s.firstItem().aggInterval;
        Map<String, NoDataSeries> all = new TreeMap<>();
        for (Map.Entry<String, NoDataSeries> e : series.entries()) {
            all.put(e.getKey(), e.getValue());
        }
        String wholeMd5 = NoDataRules.WHOLE_ITEM_MD5;
        all.remove(wholeMd5);
        // a series silent for a day is forgotten (a target's host is not: it must report)
        for (var it = all.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, NoDataSeries> e = it.next();
            if (!e.getValue().fromTarget && e.getValue().lastPoint < window - FORGET_SECONDS) {
                series.remove(e.getKey());
                it.remove();
            }
        }
        if (all.values().stream().anyMatch(x -> x.fromTarget)) {
            // the target's hosts are the candidates (§5.4): data of others is no one's to miss
            all.values().removeIf(x -> !x.fromTarget);
        }
        if (all.isEmpty()) {
            NoDataSeries whole = series.get(wholeMd5);
            if (whole == null) {
                whole = new NoDataSeries();
                whole.bkBizId = Long.toString(s.bkBizId);
                whole.dimensionsJson = Json.write(Map.of(NoDataRules.MARKER, true));
            }
            missing(s, whole, window, at, out);
            series.put(wholeMd5, whole);
            return;
        }
        for (Map.Entry<String, NoDataSeries> e : all.entrySet()) {
            NoDataSeries x = e.getValue();
            if (x.lastPoint > window - unit) {
                continue; // data in the window (or later)
            }
            missing(s, x, window, at, out);
            series.put(e.getKey(), x);
        }
    }

    private void missing(
            Strategy s, NoDataSeries x, long window, long at, Collector<AnomalyRecord> out)
            throws Exception {
        if (x.firstMissing == 0) {
            x.firstMissing = window;
        }
        anomalies.inc();
        out.collect(NoDataRules.missing(s, x, window, at));
    }
}
