package io.bkm.alarm.detect;

import io.bkm.alarm.common.Counters;
import io.bkm.alarm.common.DeadLetters;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.model.AnomalyRecord;
import io.bkm.alarm.model.DeadLetter;
import io.bkm.alarm.model.DetectSample;
import io.bkm.alarm.strategy.DetectWindow;
import io.bkm.alarm.strategy.Detector;
import io.bkm.alarm.strategy.Strategy;
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
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Aggregates the samples of one strategy item and dimension set per {@code agg_interval} in event
 * time, and when the watermark passes a window's end, runs each level's algorithm on its value
 * (bk-monitor's detect step): the levels that hold make one anomaly record at the window's start,
 * which the trigger counts like any other. Each window has one event-time timer that evaluates and
 * removes it, so an idle key holds nothing.
 *
 * <p>A sample whose window has already been evaluated is late: it is counted and becomes a dead
 * letter ({@link #LATE_REASON}) with what it was, never folded into a result already written.
 */
public class WindowDetectFunction
        extends KeyedProcessFunction<String, DetectSample, AnomalyRecord> {
    public static final String LATE_REASON = "late";

    /** Window start, epoch seconds → its aggregate. */
    static final MapStateDescriptor<Long, WindowAggregate> WINDOWS =
            new MapStateDescriptor<>(
                    "detect-windows", Types.LONG, TypeInformation.of(WindowAggregate.class));

    /**
     * Window start → value of windows already evaluated, for detectors that compare with earlier
     * windows (OS restart); kept only as far back as they read, then removed by a timer.
     */
    static final MapStateDescriptor<Long, Double> HISTORY =
            new MapStateDescriptor<>("detect-history", Types.LONG, Types.DOUBLE);

    private transient MapState<Long, WindowAggregate> windows;

    /** How far back the history reaches, seconds; set while a history is kept. */
    static final ValueStateDescriptor<Long> HORIZON =
            new ValueStateDescriptor<>("detect-history-horizon", Types.LONG);

    private transient MapState<Long, Double> history;
    private transient ValueState<Long> horizon;
    private transient Map<String, Detector> algorithms;
    private transient Counters.Count late;
    private transient Counters.Count anomalous;
    private transient Counters.Count normal;

    public static String key(DetectSample s) {
        return s.anomaly.strategyId + "|" + s.anomaly.itemId + "|" + s.anomaly.md5Dimension;
    }

    @Override
    public void open(OpenContext openContext) {
        windows = getRuntimeContext().getMapState(WINDOWS);
        history = getRuntimeContext().getMapState(HISTORY);
        horizon = getRuntimeContext().getState(HORIZON);
        algorithms = new HashMap<>();
        Counters counters = new Counters(getRuntimeContext(), "detect");
        late = counters.count("late");
        anomalous = counters.count("anomalous_windows");
        normal = counters.count("normal_windows");
    }

    /** The last millisecond of the window holding {@code timeMs}. */
    static long windowEndMs(long timeMs, int unitSeconds) {
        long unit = unitSeconds * 1000L;
        return Math.floorDiv(timeMs, unit) * unit + unit - 1;
    }

    @Override
    public void processElement(DetectSample s, Context ctx, Collector<AnomalyRecord> out)
            throws Exception {
        long end = windowEndMs(s.timeMs, s.anomaly.unit);
        if (end <= ctx.timerService().currentWatermark()) {
            late.inc();
            ctx.output(DeadLetters.TAG, lateLetter(s, ctx.timerService().currentWatermark()));
            return;
        }
        long start = (end + 1) / 1000 - s.anomaly.unit;
        WindowAggregate w = windows.get(start);
        if (w == null) {
            w = new WindowAggregate();
            ctx.timerService().registerEventTimeTimer(end);
        }
        w.add(s);
        windows.put(start, w);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AnomalyRecord> out)
            throws Exception {
        // one window normally; two only if the item's interval changed while both were open
        TreeMap<Long, WindowAggregate> due = new TreeMap<>();
        for (Map.Entry<Long, WindowAggregate> e : windows.entries()) {
            if (windowEndMs(e.getKey() * 1000L, e.getValue().first.anomaly.unit) <= timestamp) {
                due.put(e.getKey(), e.getValue());
            }
        }
        for (Map.Entry<Long, WindowAggregate> e : due.entrySet()) {
            long start = e.getKey();
            AnomalyRecord a = evaluate(start, e.getValue(), ctx);
            windows.remove(start);
            if (a == null) {
                normal.inc();
            } else {
                anomalous.inc();
                out.collect(a);
            }
        }
        forgetHistory((timestamp + 1) / 1000);
    }

    /**
     * The anomaly of the window at {@code start}, with the levels whose algorithm holds; or null.
     */
    AnomalyRecord evaluate(long start, WindowAggregate w, Context ctx) throws Exception {
        DetectSample s = w.first;
        AnomalyRecord t = s.anomaly;
        Detector[] detectors = new Detector[s.algorithms.length];
        long reach = -1;
        for (int i = 0; i < detectors.length; i++) {
            detectors[i] = detector(s.algorithms[i]);
            if (detectors[i].needsHistory()) {
                reach = Math.max(reach, detectors[i].historySeconds() + t.unit);
            }
        }
        DetectWindow view =
                new DetectWindow(
                        start, t.unit, w.value(), s.metricLabel, t.dimensionsJson, this::historyAt);
        List<Integer> held = new ArrayList<>();
        for (int i = 0; i < detectors.length; i++) {
            if (detectors[i].holds(view)) {
                held.add(i);
            }
        }
        if (reach >= 0) {
            history.put(start, view.value());
            horizon.update(reach);
            // ends the history once no newer window refreshes it
            ctx.timerService().registerEventTimeTimer((start + reach + 1) * 1000L - 1);
        }
        if (held.isEmpty()) {
            return null;
        }
        AnomalyRecord a = t.at(start, w.receivedAt);
        a.value = view.value();
        int n = held.size();
        a.levels = new int[n];
        a.anomalyIds = new String[n];
        a.messages = new String[n];
        a.triggerCounts = new int[n];
        a.triggerWindows = new int[n];
        for (int j = 0; j < n; j++) {
            int i = held.get(j);
            a.levels[j] = t.levels[i];
            a.anomalyIds[j] = Anomalies.anomalyId(a, t.levels[i]);
            a.messages[j] = detectors[i].describe(view);
            a.triggerCounts[j] = t.triggerCounts[i];
            a.triggerWindows[j] = t.triggerWindows[i];
        }
        return a;
    }

    private Double historyAt(long start) {
        try {
            return history.get(start);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Removes windows older than the detectors read, and the horizon with the last of them. */
    private void forgetHistory(long now) throws Exception {
        Long reach = horizon.value();
        if (reach == null) {
            return;
        }
        List<Long> old = new ArrayList<>();
        int kept = 0;
        for (Map.Entry<Long, Double> e : history.entries()) {
            if (e.getKey() + reach < now) {
                old.add(e.getKey());
            } else {
                kept++;
            }
        }
        for (long start : old) {
            history.remove(start);
        }
        if (kept == 0) {
            horizon.clear();
        }
    }

    private Detector detector(String json) throws Exception {
        Detector d = algorithms.get(json);
        if (d == null) {
            d = Detector.of(Json.MAPPER.readValue(json, Strategy.Algorithm.class));
            algorithms.put(json, d);
        }
        return d;
    }

    private static DeadLetter lateLetter(DetectSample s, long watermark) {
        DeadLetter d = new DeadLetter();
        d.reason = LATE_REASON;
        d.detail =
                "window of "
                        + s.timeMs
                        + " ms was evaluated when the watermark passed it (watermark "
                        + watermark
                        + " ms), strategy "
                        + s.anomaly.strategyId;
        d.sourceTopic = s.sourceTopic;
        d.partition = s.sourcePartition;
        d.offset = s.sourceOffset;
        d.receivedAt = s.anomaly.receivedAt;
        d.payload = Json.write(s);
        d.payloadBytes = d.payload.getBytes(StandardCharsets.UTF_8).length;
        return d;
    }
}
