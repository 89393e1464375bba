package io.bkm.alarm.trigger;

import io.bkm.alarm.common.Counters;
import io.bkm.alarm.common.IdleDeadline;
import io.bkm.alarm.model.AnomalyRecord;
import io.bkm.alarm.model.Event;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * bk-monitor's trigger (behaviour spec §1.1.11), keyed by strategy, item and dimension fingerprint:
 * every anomaly is marked at its data time and level; for each level of the point, most severe
 * first, the marks in {@code [time − (check_window × unit − 1), time]} are counted and the first
 * level reaching {@code count} fires a monitor event. Marks at one time count once, as members of
 * bk-monitor's sorted set do.
 *
 * <p>The marks are pruned by data time as points arrive; a key left idle is cleared by a timer,
 * late enough that no point still accepted (GSE records expire after {@link #LATENESS_S}) could
 * have counted what it removes.
 */
public class TriggerFunction extends KeyedProcessFunction<String, AnomalyRecord, Event> {
    /** Mark key {@code time × 10 + level} → anomaly id. */
    static final MapStateDescriptor<Long, String> MARKS =
            new MapStateDescriptor<>("trigger-marks", Types.LONG, Types.STRING);

    /** When the key is idle long enough to clear (processing time). */
    static final ValueStateDescriptor<Long> IDLE_DEADLINE =
            new ValueStateDescriptor<>("trigger-idle-deadline", Types.LONG);

    /** How late a point may be (the GSE expiry) and still be counted. */
    static final long LATENESS_S = 1800;

    private transient MapState<Long, String> marks;
    private transient ValueState<Long> idleDeadline;
    private transient Counters.Count fired;

    @Override
    public void open(OpenContext openContext) {
        marks = getRuntimeContext().getMapState(MARKS);
        idleDeadline = getRuntimeContext().getState(IDLE_DEADLINE);
        fired = new Counters(getRuntimeContext(), "trigger").count("fired");
    }

    static long horizonSeconds(AnomalyRecord a) {
        int widest = 0;
        for (int w : a.triggerWindows) {
            widest = Math.max(widest, w);
        }
        return (long) widest * a.unit + LATENESS_S;
    }

    @Override
    public void processElement(AnomalyRecord a, Context ctx, Collector<Event> out)
            throws Exception {
        long horizon = horizonSeconds(a);
        for (int i = 0; i < a.levels.length; i++) {
            marks.put(a.time * 10 + a.levels[i], a.anomalyIds[i]);
        }
        // one read of the marks: prune what no accepted point can count, group the rest by level
        Map<Integer, TreeMap<Long, String>> byLevel = new TreeMap<>();
        List<Long> stale = new ArrayList<>();
        for (Iterator<Map.Entry<Long, String>> it = marks.iterator(); it.hasNext(); ) {
            Map.Entry<Long, String> m = it.next();
            long time = Math.floorDiv(m.getKey(), 10);
            if (time < a.time - horizon) {
                stale.add(m.getKey());
            } else {
                byLevel.computeIfAbsent((int) Math.floorMod(m.getKey(), 10), l -> new TreeMap<>())
                        .put(time, m.getValue());
            }
        }
        for (Long k : stale) {
            marks.remove(k);
        }
        for (int i : severestFirst(a.levels)) {
            long from = a.time - ((long) a.triggerWindows[i] * a.unit - 1);
            TreeMap<Long, String> levelMarks = byLevel.getOrDefault(a.levels[i], new TreeMap<>());
            Map<Long, String> window = levelMarks.subMap(from, true, a.time, true);
            if (window.size() >= a.triggerCounts[i]) {
                fired.inc();
                out.collect(Anomalies.event(a, i, new ArrayList<>(window.values())));
                break;
            }
        }
        long deadline = IdleDeadline.after(ctx.timerService().currentProcessingTime(), horizon);
        idleDeadline.update(deadline);
        ctx.timerService().registerProcessingTimeTimer(deadline);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Event> out) throws Exception {
        Long deadline = idleDeadline.value();
        // a later point moved the deadline; only the timer at the last deadline clears
        if (deadline != null && timestamp >= deadline) {
            marks.clear();
            idleDeadline.clear();
        }
    }

    private static int[] severestFirst(int[] levels) {
        Integer[] idx = new Integer[levels.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        java.util.Arrays.sort(idx, (x, y) -> Integer.compare(levels[x], levels[y]));
        int[] out = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = idx[i];
        }
        return out;
    }
}
