package io.bkm.alarm.notice;

import io.bkm.alarm.common.Counters;
import io.bkm.alarm.common.EndOfInputKeyedProcessOperator;
import io.bkm.alarm.model.Action;
import io.bkm.alarm.model.AlertLog;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
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
 * severity, user groups and notice ways. As in bk-monitor, the first notices of a window of create
 * times go out at once: the first of each alert (fingerprint) until {@code threshold - 1} alerts
 * have had one. What follows in the window is held until the window's release, and then summed up
 * ({@link NoticeSummaries}): summaries are sent in place of their notices, which are written to the
 * action index only, with the summary's id as {@code converge_id}, and logged {@code ACTION} on
 * their alerts, as bk-monitor logs an action skipped by convergence.
 *
 * <p>Which notices are first is decided in the order of their own times, not of their arrival,
 * which differs between a run and its replay after a failure: a notice waits until the watermark
 * has passed the end of its create-time second (the time {@link NoticeTimes} stamps it with), and
 * the notices it passes are decided in create time and id order against the window's keyed state.
 * The watermark is the event inputs', carried from the sources, so it passes a notice only once
 * every input has been read past its time. A notice that arrives behind the watermark is decided at
 * once on arrival and counted {@code late}; one whose window is released while the watermark has
 * not passed it (an input stalled for longer than the window's wait) is decided then and counted
 * {@code early}. Only such notices can be decided otherwise in a replay.
 *
 * <p>A window is released {@code waitSeconds} after its end, and no earlier than that after its
 * first notice arrived; while the watermark still moves towards its end (a backlog read slower than
 * its windows pass), it waits until the watermark has passed its end or stood still for {@code
 * waitSeconds}, so a backlog's window is complete when released. A window dated ahead of the clock
 * waits at most its length and the wait after its first notice. A notice decided for a window
 * already released starts another round of that window: it is never lost, but may not be summed up
 * with the ones before it. At the end of a bounded input every notice is decided and every window
 * released.
 */
public class NoticeConvergeFunction extends KeyedProcessFunction<String, Action, Action>
        implements EndOfInputKeyedProcessOperator.WatermarkListener {
    /** Notices folded into a summary: to the action index, not to be sent. */
    public static final OutputTag<Action> CONVERGED =
            new OutputTag<>("converged-notices", TypeInformation.of(Action.class));

    /** One {@code ACTION} alert log per notice folded into a summary. */
    public static final OutputTag<AlertLog> LOGS =
            new OutputTag<>("notice-converge-logs", TypeInformation.of(AlertLog.class));

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

    /** Notices not yet decided by {@code {due (ms)}:{id}}: the watermark has not passed them. */
    static final MapStateDescriptor<String, Action> WAITING =
            new MapStateDescriptor<>(
                    "notice-converge-waiting", Types.STRING, TypeInformation.of(Action.class));

    /** {@code {due}:{id}} waiting keys in the order they are decided: by due time, then id. */
    private static final Comparator<String> WAITING_ORDER =
            Comparator.<String>comparingLong(NoticeConvergeFunction::prefix)
                    .thenComparing(k -> k.substring(k.indexOf(':') + 1));

    /** {@code {window start}:{fingerprint}} → whether the alert's notice went at once. */
    static final MapStateDescriptor<String, Boolean> SEEN =
            new MapStateDescriptor<>("notice-converge-seen", Types.STRING, Types.BOOLEAN);

    /**
     * Window start → notices sent at once in it: counted, as a flood would scan SEEN per notice.
     */
    static final MapStateDescriptor<Long, Integer> AT_ONCE =
            new MapStateDescriptor<>("notice-converge-at-once", Types.LONG, Types.INT);

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

        /** Alerts whose first notice of a window goes at once: those before a business summary. */
        int atOnce() {
            return Math.max(1, threshold - 1);
        }
    }

    private final Settings settings;
    private final NoticeSummaries summaries;
    private transient MapState<Long, Long> windows;
    private transient MapState<String, Action> held;
    private transient MapState<String, Action> waiting;
    private transient MapState<String, Boolean> seen;
    private transient MapState<Long, Integer> atOnce;
    private transient EntriesByTime<Action> heldByWindow;
    private transient EntriesByTime<Boolean> seenByWindow;
    private transient EntriesByTime<Action> waitingByDue;
    private transient WindowReleases releases;
    private transient Counters.Count summaryCount;
    private transient Counters.Count converged;
    private transient Counters.Count late;
    private transient Counters.Count early;

    public NoticeConvergeFunction(Settings settings) {
        this.settings = settings;
        this.summaries = new NoticeSummaries(settings.threshold, settings.windowSeconds);
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
        waiting = getRuntimeContext().getMapState(WAITING);
        seen = getRuntimeContext().getMapState(SEEN);
        atOnce = getRuntimeContext().getMapState(AT_ONCE);
        heldByWindow = new EntriesByTime<>(held, NoticeConvergeFunction::prefix);
        seenByWindow = new EntriesByTime<>(seen, NoticeConvergeFunction::prefix);
        waitingByDue = new EntriesByTime<>(waiting, NoticeConvergeFunction::prefix);
        releases = new WindowReleases(settings);
        Counters counters = new Counters(getRuntimeContext(), "convergence");
        summaryCount = counters.count("summaries");
        converged = counters.count("converged");
        late = counters.count("late");
        early = counters.count("early");
    }

    @Override
    public void started(long processingTime) {
        releases.started(processingTime);
    }

    @Override
    public void watermark(long watermark, long processingTime) {
        releases.took(watermark, processingTime);
    }

    @Override
    public void inputIdle(boolean idle) {
        releases.idle(idle);
    }

    private long window(Action a) {
        return Math.floorDiv(a.createTime, settings.windowSeconds) * settings.windowSeconds;
    }

    /** The time before the colon of a held, waiting or seen entry's key. */
    private static long prefix(String stateKey) {
        return Long.parseLong(stateKey.substring(0, stateKey.indexOf(':')));
    }

    @Override
    public void processElement(Action a, Context ctx, Collector<Action> out) throws Exception {
        if (!settings.enabled()) {
            out.collect(a);
            return;
        }
        openWindow(window(a), ctx);
        // never later than its own second's end, which is where decideEarly looks for it
        long due =
                ctx.timestamp() == null
                        ? NoticeTimes.due(a)
                        : Math.min(ctx.timestamp(), NoticeTimes.due(a));
        if (due <= ctx.timerService().currentWatermark()) {
            late.inc();
            decide(a, ctx, out);
            return;
        }
        waitingByDue.put(ctx.getCurrentKey(), due + ":" + a.id, a);
        ctx.timerService().registerEventTimeTimer(due);
    }

    /** Sent at once, or held for the window's release. */
    private void decide(Action a, Context ctx, Collector<Action> out) throws Exception {
        long w = window(a);
        String alert = w + ":" + NoticeSummaries.fingerprint(a);
        Boolean sentAtOnce = seen.get(alert);
        if (sentAtOnce == null) {
            Integer sent = atOnce.get(w);
            int n = sent == null ? 0 : sent;
            if (n < settings.atOnce()) {
                seenByWindow.put(ctx.getCurrentKey(), alert, Boolean.TRUE);
                atOnce.put(w, n + 1);
                out.collect(a);
                return;
            }
            seenByWindow.put(ctx.getCurrentKey(), alert, Boolean.FALSE);
        }
        heldByWindow.put(ctx.getCurrentKey(), w + ":" + a.id, a);
    }

    private void openWindow(long w, Context ctx) throws Exception {
        if (windows.contains(w)) {
            return;
        }
        if (windows.isEmpty()) {
            ctx.timerService().registerEventTimeTimer(END_OF_INPUT);
        }
        long release = releases.opened(w, ctx.timerService().currentProcessingTime());
        windows.put(w, release);
        ctx.timerService().registerProcessingTimeTimer(release);
    }

    /** Decides the waiting notices due up to and including {@code until}, in time and id order. */
    private void decideDue(long until, Context ctx, Collector<Action> out) throws Exception {
        TreeMap<String, Action> due = new TreeMap<>(WAITING_ORDER);
        due.putAll(waitingByDue.take(ctx.getCurrentKey(), Long.MIN_VALUE, until));
        for (Action a : due.values()) {
            decide(a, ctx, out);
        }
    }

    /**
     * Decides the waiting notices of windows {@code released}, before the watermark has passed
     * them, in time and id order; their timers are deleted. A notice is due no later than the end
     * of its create-time second, so those of the released windows are among the ones due before the
     * latest of them ends: only those are read, not every notice still waiting.
     */
    private void decideEarly(NavigableMap<Long, Long> released, Context ctx, Collector<Action> out)
            throws Exception {
        long until = (released.lastKey() + settings.windowSeconds) * 1000L - 1;
        TreeMap<String, Action> due = new TreeMap<>(WAITING_ORDER);
        // a waiting notice's due time may be clamped to the clock: its window is its own
        due.putAll(
                waitingByDue.take(
                        ctx.getCurrentKey(),
                        Long.MIN_VALUE,
                        until,
                        a -> released.containsKey(window(a))));
        for (Map.Entry<String, Action> e : due.entrySet()) {
            // notices of one due time share a window: all of them are decided here
            ctx.timerService().deleteEventTimeTimer(prefix(e.getKey()));
            early.inc();
            decide(e.getValue(), ctx, out);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Action> out)
            throws Exception {
        boolean endOfInput = timestamp == END_OF_INPUT;
        if (ctx.timeDomain() == TimeDomain.EVENT_TIME) {
            decideDue(endOfInput ? Long.MAX_VALUE : timestamp, ctx, out);
            if (!endOfInput) {
                return;
            }
        }
        TreeMap<Long, Long> due = new TreeMap<>();
        Map<Long, Long> postponed = new TreeMap<>();
        for (Map.Entry<Long, Long> e : windows.entries()) {
            if (endOfInput) {
                due.put(e.getKey(), e.getValue());
            } else if (e.getValue() <= timestamp) {
                long until =
                        releases.heldUntil(
                                e.getKey(),
                                e.getValue(),
                                timestamp,
                                ctx.timerService().currentWatermark());
                (until > timestamp ? postponed : due).put(e.getKey(), until);
            }
        }
        for (Map.Entry<Long, Long> e : postponed.entrySet()) {
            windows.put(e.getKey(), e.getValue());
            ctx.timerService().registerProcessingTimeTimer(e.getValue());
        }
        if (due.isEmpty()) {
            return;
        }
        if (!endOfInput) {
            // the watermark has stalled past the window's release: its notices are decided now
            decideEarly(due, ctx, out);
        }
        String key = ctx.getCurrentKey();
        TreeMap<Long, List<Action>> batches = new TreeMap<>();
        Map<Long, Map<String, Boolean>> alerts = new TreeMap<>();
        for (long w : due.keySet()) {
            List<Action> batch = new ArrayList<>(heldByWindow.take(key, w, w).values());
            if (!batch.isEmpty()) {
                batches.put(w, batch);
            }
            Map<String, Boolean> seenOf = new LinkedHashMap<>();
            seenByWindow
                    .take(key, w, w)
                    .forEach((k, v) -> seenOf.put(k.substring(k.indexOf(':') + 1), v));
            alerts.put(w, seenOf);
        }
        for (Map.Entry<Long, Long> e : due.entrySet()) {
            windows.remove(e.getKey());
            atOnce.remove(e.getKey());
            if (endOfInput) {
                ctx.timerService().deleteProcessingTimeTimer(e.getValue());
            }
        }
        if (windows.isEmpty()) {
            // emptied maps still count as state entries of the key
            windows.clear();
            held.clear();
            seen.clear();
            heldByWindow.cleared(key);
            seenByWindow.cleared(key);
            atOnce.clear();
            if (waiting.isEmpty()) {
                waiting.clear();
                waitingByDue.cleared(key);
            }
            if (!endOfInput) {
                ctx.timerService().deleteEventTimeTimer(END_OF_INPUT);
            }
        }
        NoticeSummaries.Out release = release(ctx, out);
        for (Map.Entry<Long, List<Action>> batch : batches.entrySet()) {
            summaries.release(
                    batch.getValue(), alerts.getOrDefault(batch.getKey(), Map.of()), release);
        }
    }

    /** Where a release's notices, summaries and folded notices go, counted. */
    private NoticeSummaries.Out release(Context ctx, Collector<Action> out) {
        return new NoticeSummaries.Out() {
            @Override
            public void send(Action notice) {
                out.collect(notice);
            }

            @Override
            public void summary(Action summary) {
                summaryCount.inc();
                out.collect(summary);
            }

            @Override
            public void folded(Action notice, AlertLog log) {
                converged.inc();
                ctx.output(CONVERGED, notice);
                ctx.output(LOGS, log);
            }
        };
    }
}
