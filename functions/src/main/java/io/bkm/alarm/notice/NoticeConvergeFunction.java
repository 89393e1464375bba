package io.bkm.alarm.notice;

import io.bkm.alarm.alert.AlertLogs;
import io.bkm.alarm.model.Action;
import io.bkm.alarm.model.AlertLog;
import io.bkm.alarm.trigger.TriggerCounters;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Convergence of notices (behaviour spec §7.3), keyed by who hears them and how: business, signal,
 * severity, user groups and notice ways. Notices are held per window of their create time; when a
 * window is released, notices of {@code threshold} or more alerts (fingerprints) become one
 * business summary, and several notices of one alert's fingerprint one same-dimension summary; the
 * rest go out as they are. A summary is sent in place of its notices, which are written to the
 * action index only, with its id as {@code converge_id}, and logged {@code ACTION} on their alerts,
 * as bk-monitor logs an action skipped by convergence.
 *
 * <p>bk-monitor sends the first notices of a flood at once and sums up the rest as they come, which
 * depends on arrival order and would differ after a replay. Here a window's grouping depends only
 * on the notices in it, so a replay leaves the same summaries; the price is that every notice waits
 * for its window. A window is released {@code waitSeconds} after its end, and no earlier than that
 * after its first notice arrived, so a backlog's window is complete when released; a window dated
 * ahead of the clock waits at most its length and the wait after its first notice. A notice
 * arriving for a window already released starts another batch of that window: it is sent, never
 * lost, but may not be summed up with the ones before it. At the end of a bounded input every
 * window is released.
 */
public class NoticeConvergeFunction extends KeyedProcessFunction<String, Action, Action> {
    /** Notices folded into a summary: to the action index, not to be sent. */
    public static final OutputTag<Action> CONVERGED =
            new OutputTag<>("converged-notices", TypeInformation.of(Action.class));

    /** One {@code ACTION} alert log per notice folded into a summary. */
    public static final OutputTag<AlertLog> LOGS =
            new OutputTag<>("notice-converge-logs", TypeInformation.of(AlertLog.class));

    public static final String SAME_DIMENSION = "same_dimension";
    public static final String BUSINESS = "business";

    /** A summary lists this many notices and alerts at most, so it stays a small message. */
    static final int MAX_LISTED = 500;

    static final long END_OF_INPUT = Long.MAX_VALUE;

    /** Window start (s) → when it is released (processing time, ms). Part of savepoints. */
    static final MapStateDescriptor<Long, Long> WINDOWS =
            new MapStateDescriptor<>("notice-converge-windows", Types.LONG, Types.LONG);

    /**
     * Held notices by {@code {window start}:{id}}. The window is kept, not derived from the
     * settings, so notices held under another window length (or with convergence switched off
     * since) are still released by the timers restored with them. Part of savepoints.
     */
    static final MapStateDescriptor<String, Action> HELD =
            new MapStateDescriptor<>(
                    "notice-converge-held", Types.STRING, TypeInformation.of(Action.class));

    /**
     * @param windowSeconds the window of create times notices are collected in; 0: no convergence
     * @param waitSeconds how long after its end (and after its first notice) a window is held
     * @param threshold this many alerts in a window make one business summary
     */
    public record Settings(long windowSeconds, long waitSeconds, int threshold)
            implements Serializable {
        public boolean enabled() {
            return windowSeconds > 0;
        }
    }

    private final Settings settings;
    private transient MapState<Long, Long> windows;
    private transient MapState<String, Action> held;
    private transient TriggerCounters summaries;
    private transient TriggerCounters converged;

    public NoticeConvergeFunction(Settings settings) {
        this.settings = settings;
    }

    /** Who hears a notice and how, and of what: its convergence key. */
    public static String key(Action a) {
        return a.alert.bkBizId
                + "|"
                + a.signal
                + "|"
                + a.alert.severity
                + "|"
                + sorted(a.userGroups)
                + "|"
                + sorted(a.noticeWay);
    }

    private static String sorted(String[] values) {
        if (values == null) {
            return "";
        }
        String[] copy = values.clone();
        Arrays.sort(copy);
        return String.join(",", copy);
    }

    @Override
    public void open(OpenContext openContext) {
        windows = getRuntimeContext().getMapState(WINDOWS);
        held = getRuntimeContext().getMapState(HELD);
        summaries = new TriggerCounters(getRuntimeContext(), "notice_summaries");
        converged = new TriggerCounters(getRuntimeContext(), "notices_converged");
    }

    private long window(Action a) {
        return Math.floorDiv(a.createTime, settings.windowSeconds) * settings.windowSeconds;
    }

    @Override
    public void processElement(Action a, Context ctx, Collector<Action> out) throws Exception {
        if (!settings.enabled()) {
            out.collect(a);
            return;
        }
        long w = window(a);
        if (!windows.contains(w)) {
            if (windows.isEmpty()) {
                ctx.timerService().registerEventTimeTimer(END_OF_INPUT);
            }
            long now = ctx.timerService().currentProcessingTime();
            long windowMs = settings.windowSeconds * 1000L;
            long rest = (w + settings.windowSeconds) * 1000L - now;
            // the rest of the window as the clock sees it; at most a window's length, so a host
            // clock ahead of ours does not hold notices for as long as it is ahead
            long release =
                    now + Math.max(0, Math.min(rest, windowMs)) + settings.waitSeconds * 1000L;
            windows.put(w, release);
            ctx.timerService().registerProcessingTimeTimer(release);
        }
        held.put(w + ":" + a.id, a);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Action> out)
            throws Exception {
        boolean endOfInput = ctx.timeDomain() == TimeDomain.EVENT_TIME;
        TreeMap<Long, Long> due = new TreeMap<>();
        for (Map.Entry<Long, Long> e : windows.entries()) {
            if (endOfInput || e.getValue() <= timestamp) {
                due.put(e.getKey(), e.getValue());
            }
        }
        if (due.isEmpty()) {
            return;
        }
        TreeMap<Long, List<Action>> batches = new TreeMap<>();
        Iterator<Map.Entry<String, Action>> it = held.iterator();
        while (it.hasNext()) {
            Map.Entry<String, Action> e = it.next();
            Action a = e.getValue();
            String key = e.getKey();
            long w = Long.parseLong(key.substring(0, key.indexOf(':')));
            if (due.containsKey(w)) {
                batches.computeIfAbsent(w, k -> new ArrayList<>()).add(a);
                it.remove();
            }
        }
        for (Map.Entry<Long, Long> e : due.entrySet()) {
            windows.remove(e.getKey());
            if (endOfInput) {
                ctx.timerService().deleteProcessingTimeTimer(e.getValue());
            }
        }
        if (windows.isEmpty()) {
            // emptied maps still count as state entries of the key
            windows.clear();
            held.clear();
            if (!endOfInput) {
                ctx.timerService().deleteEventTimeTimer(END_OF_INPUT);
            }
        }
        for (List<Action> batch : batches.values()) {
            release(batch, ctx, out);
        }
    }

    /** One window's notices: summed up, or sent as they are. */
    private void release(List<Action> batch, Context ctx, Collector<Action> out) {
        batch.sort(Comparator.<Action>comparingLong(a -> a.createTime).thenComparing(a -> a.id));
        Map<String, List<Action>> byFingerprint = new LinkedHashMap<>();
        for (Action a : batch) {
            byFingerprint
                    .computeIfAbsent(
                            a.alert.strategyId + "|" + a.alert.dedupeMd5, k -> new ArrayList<>())
                    .add(a);
        }
        if (byFingerprint.size() >= settings.threshold) {
            summary(BUSINESS, batch, ctx, out);
            return;
        }
        for (List<Action> same : byFingerprint.values()) {
            if (same.size() == 1) {
                out.collect(same.get(0));
            } else {
                summary(SAME_DIMENSION, same, ctx, out);
            }
        }
    }

    private void summary(String type, List<Action> notices, Context ctx, Collector<Action> out) {
        Action first = notices.get(0);
        Action s = new Action();
        s.id = first.id + "." + Action.COLLECT;
        s.alertId = first.alertId;
        s.signal = first.signal;
        s.actionType = Action.COLLECT;
        s.collectType = type;
        s.noticeWay = first.noticeWay;
        s.userGroups = first.userGroups;
        s.executeTimes = 1;
        s.isUpgrade = first.isUpgrade;
        s.createTime = notices.get(notices.size() - 1).createTime;
        s.alert = first.alert;
        s.convergedCount = notices.size();
        s.convergedActions =
                notices.stream().limit(MAX_LISTED).map(a -> a.id).toArray(String[]::new);
        Set<String> alerts = new LinkedHashSet<>();
        for (Action a : notices) {
            if (alerts.size() < MAX_LISTED) {
                alerts.add(a.alertId);
            }
        }
        s.alertIds = alerts.toArray(new String[0]);
        summaries.inc();
        out.collect(s);
        for (Action a : notices) {
            a.convergeId = s.id;
            converged.inc();
            ctx.output(CONVERGED, a);
            ctx.output(LOGS, log(a, s));
        }
    }

    /**
     * The alert log of a notice folded into summary {@code s}, dated as the summary: what the
     * notice's alert shows instead of a notice sent. Its id follows from the notice's.
     */
    private AlertLog log(Action a, Action s) {
        String of =
                BUSINESS.equals(s.collectType)
                        ? "business " + a.alert.bkBizId
                        : "the same dimensions";
        AlertLog l =
                AlertLogs.flowControl(
                        a.id + "." + AlertLog.ACTION,
                        a.alertId,
                        AlertLog.ACTION,
                        s.createTime,
                        "notice "
                                + a.id
                                + " converged into "
                                + s.id
                                + ": "
                                + s.convergedCount
                                + " notices of "
                                + of
                                + " to the same receivers within "
                                + settings.windowSeconds
                                + " s",
                        a.alert.severity,
                        a.alert.status);
        l.eventId = a.id;
        return l;
    }
}
