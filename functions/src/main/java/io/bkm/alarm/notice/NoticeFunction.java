package io.bkm.alarm.notice;

import io.bkm.alarm.common.Counters;
import io.bkm.alarm.common.HeldValues;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.model.Action;
import io.bkm.alarm.model.AlertChange;
import io.bkm.alarm.model.EventStatus;
import io.bkm.alarm.model.NoticeState;
import io.bkm.alarm.model.RawMessage;
import io.bkm.alarm.strategy.Strategies;
import io.bkm.alarm.strategy.Strategy;
import io.bkm.alarm.strategy.StrategyIndex;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Notices of one alert (behaviour spec §7.1, §5.3 ActionHandleChecker), keyed by alert id, from
 * every version of the alert the alert state writes: which signal a change is (abnormal for a new
 * alert or a more severe one, no_data for a no-data alert, ack, recovered, closed), one notice
 * action per signal the strategy's notice subscribes to (a default notice for alerts without
 * strategy, which only get abnormal ones), and repeats while the alert stays abnormal and unacked
 * every {@code notify_interval} ({@code standard}) or {@code notify_interval × 2^(n−1)} ({@code
 * increasing}), only when events arrived since the last notice. While the alert's fingerprint
 * flaps, one flapping notice stands for all of these. Repeats run on processing-time timers and
 * write their scheduled time; an ended alert's state and timer go with its last notice. Notice
 * states stay on the heap between checkpoints ({@link NoticeOperator}).
 */
public class NoticeFunction
        extends KeyedBroadcastProcessFunction<String, AlertChange, RawMessage, Action> {
    /** State name; part of the savepoint format, never rename. */
    public static final ValueStateDescriptor<NoticeState> STATE =
            new ValueStateDescriptor<>("notice-state", TypeInformation.of(NoticeState.class));

    private final TreeMap<Long, String> shipped;
    private final String defaultNoticeJson;
    private final int maxMessageBytes;
    private final int heldAlerts;
    private transient Strategy.Notice defaultNotice;
    private transient StrategyIndex index;
    private transient HeldValues<NoticeState> state;
    private transient Counters.Count sent;
    private transient Counters.Count repeats;
    private transient Counters.Count shielded;
    private transient NoticeMetrics metrics;

    /** Actions created so far by this subtask: whether an input created any. */
    private transient long created;

    /**
     * @param defaultNoticeJson the notice config of alerts without strategy, as in a strategy's
     *     {@code notice}
     * @param heldAlerts how many alerts' notice states stay on the heap between checkpoints
     */
    public NoticeFunction(
            Map<Long, String> shipped,
            String defaultNoticeJson,
            int maxMessageBytes,
            int heldAlerts) {
        this.shipped = new TreeMap<>(shipped);
        this.defaultNoticeJson = defaultNoticeJson;
        this.maxMessageBytes = maxMessageBytes;
        this.heldAlerts = heldAlerts;
    }

    public static String key(AlertChange a) {
        return a.id();
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        defaultNotice = Json.MAPPER.readValue(defaultNoticeJson, Strategy.Notice.class);
        state =
                new HeldValues<>(
                        getRuntimeContext().getState(STATE),
                        heldAlerts,
                        getRuntimeContext().getMetricGroup(),
                        "notice_states");
        Counters counters = new Counters(getRuntimeContext(), "notices");
        sent = counters.count("sent");
        repeats = counters.count("repeats");
        shielded = counters.count("shielded");
        metrics = new NoticeMetrics(getRuntimeContext().getMetricGroup());
    }

    /** The notice states held on the heap; {@link NoticeOperator} writes them back. */
    HeldValues<NoticeState> store() {
        return state;
    }

    private Strategy.Notice notice(Long strategyId, ReadOnlyContext ctx) throws Exception {
        if (strategyId == null || strategyId == 0) {
            return defaultNotice;
        }
        if (index == null) {
            index =
                    StrategyIndex.of(
                            shipped, ctx.getBroadcastState(Strategies.STATE).immutableEntries());
        }
        Strategy s = index.byId(strategyId);
        return s == null ? null : s.notice;
    }

    @Override
    public void processElement(AlertChange a, ReadOnlyContext ctx, Collector<Action> out)
            throws Exception {
        timed(() -> decide(a, ctx, out));
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    /** Runs a step; the time it took counts as action creation time if it created actions. */
    private void timed(Step step) throws Exception {
        long start = System.nanoTime();
        long before = created;
        step.run();
        if (created != before) {
            metrics.createTime(start);
        }
    }

    private void decide(AlertChange a, ReadOnlyContext ctx, Collector<Action> out)
            throws Exception {
        state.use(ctx.getCurrentKey());
        NoticeState st = state.value();
        if (a.blocked) {
            // alert QoS (§3.5): a blocked alert sends no signal, its end included
            if (st != null && !a.isAbnormal()) {
                NoticeTimers.cancelAll(st, ctx.timerService());
                state.clear();
            }
            return;
        }
        if (st == null) {
            st = new NoticeState();
        }
        st.alert = a.alert;
        st.recovering = a.recovering;
        st.noData = a.noData;
        boolean wasShielded = st.shielded;
        st.shielded = a.shielded;
        Strategy.Notice notice = notice(a.alert.strategyId, ctx);
        long at = a.updateTime;
        if (a.flapping || a.flapNotice != null) {
            flap(a, st, notice, at, ctx, out);
            return;
        }
        if (a.isAbnormal()) {
            if (wasShielded && !st.shielded && st.suppressed) {
                st.unshieldPending = true; // sent below once the alert is not recovering
            }
            int severity = a.alert.severity;
            if (st.notifiedSeverity == 0 || severity < st.notifiedSeverity) {
                abnormalAt(st, severity, notice, at, ctx, out);
            } else if (a.alert.isAck && !st.ackNoticed) {
                st.ackNoticed = true;
                NoticeTimers.cancelAll(st, ctx.timerService());
                send(st, Action.ACK, 1, notice, at, out);
            } else if (st.repeatDue && NoticeTimers.repeatable(st)) {
                repeat(st, notice, at, ctx, out);
            } else if (st.unshieldPending && !st.recovering && !st.shielded) {
                unshield(st, notice, at, ctx, out);
            }
            state.update(st);
            return;
        }
        // ended: the last notice of a notified strategy alert, shielded or not, unless the shield
        // held back every notice of it
        ended(a, st, st.notifiedSeverity != 0 && !st.neverSent, notice, at, ctx, out);
    }

    /**
     * The alert ended: its end notice if it is {@code told} of (strategy alerts only; no-data
     * alerts only push, §7.2), and its state and timers go.
     */
    private void ended(
            AlertChange a,
            NoticeState st,
            boolean told,
            Strategy.Notice notice,
            long at,
            ReadOnlyContext ctx,
            Collector<Action> out)
            throws Exception {
        if (told && a.hasStrategy() && !st.noData) {
            String signal =
                    EventStatus.RECOVERED.equals(a.alert.status) ? Action.RECOVERED : Action.CLOSED;
            send(st, signal, 1, notice, at, out);
        }
        NoticeTimers.cancelAll(st, ctx.timerService());
        state.clear();
    }

    /** An abnormal (or no-data) round at a more severe level; the first one starts upgrades. */
    private void abnormalAt(
            NoticeState st,
            int severity,
            Strategy.Notice notice,
            long at,
            ReadOnlyContext ctx,
            Collector<Action> out)
            throws Exception {
        boolean firstNotice = st.notifiedSeverity == 0;
        st.notifiedSeverity = severity;
        abnormal(st, st.noData ? Action.NO_DATA : Action.ABNORMAL, notice, at, ctx, out);
        if (firstNotice) {
            NoticeTimers.scheduleUpgrade(st, notice, ctx.timerService());
        }
    }

    /**
     * A version of a flapping alert, or the one that stopped its flapping: the flapping notice as
     * it starts, nothing while it flaps (no repeats, no upgrades), and as it stops a notice of the
     * alert as it stands: a further abnormal round if open, its end if ended (to those an end is
     * told, as for any ended alert).
     */
    private void flap(
            AlertChange a,
            NoticeState st,
            Strategy.Notice notice,
            long at,
            ReadOnlyContext ctx,
            Collector<Action> out)
            throws Exception {
        if (Action.FLAPPING.equals(a.flapNotice)) {
            send(st, Action.FLAPPING, 1, notice, at, out);
        }
        boolean stopped = AlertChange.FLAPPING_END.equals(a.flapNotice);
        if (a.isAbnormal()) {
            if (stopped) {
                abnormalAt(st, a.alert.severity, notice, at, ctx, out);
            } else {
                NoticeTimers.cancelAll(st, ctx.timerService());
            }
            state.update(st);
            return;
        }
        ended(a, st, stopped, notice, at, ctx, out);
    }

    private void abnormal(
            NoticeState st,
            String signal,
            Strategy.Notice notice,
            long at,
            ReadOnlyContext ctx,
            Collector<Action> out)
            throws Exception {
        boolean first = st.executeTimes == 0;
        st.executeTimes++;
        st.lastNoticeTime = at;
        st.noticedLatestTime = st.alert.latestTime == null ? at : st.alert.latestTime;
        st.repeatDue = false;
        // a shielded round still counts, as bk-monitor's cycle record does
        if (send(st, signal, st.executeTimes, notice, at, out)) {
            st.neverSent = false;
        } else if (first && st.shielded) {
            st.neverSent = true;
        }
        NoticeTimers.scheduleRepeat(st, notice, ctx.timerService());
    }

    /**
     * The shield that held back the last notice ended (§5.3 ShieldStatusChecker): one notice of the
     * alert as it stands, a round of its repeats, to whoever the abnormal notice goes to.
     */
    private void unshield(
            NoticeState st,
            Strategy.Notice notice,
            long at,
            ReadOnlyContext ctx,
            Collector<Action> out)
            throws Exception {
        st.unshieldPending = false;
        abnormal(st, Action.UNSHIELD, notice, at, ctx, out);
    }

    private void repeat(
            NoticeState st,
            Strategy.Notice notice,
            long at,
            ReadOnlyContext ctx,
            Collector<Action> out)
            throws Exception {
        repeats.inc();
        abnormal(st, st.noData ? Action.NO_DATA : Action.ABNORMAL, notice, at, ctx, out);
    }

    private void upgrade(NoticeState st, long at, OnTimerContext ctx, Collector<Action> out)
            throws Exception {
        st.upgradeTimer = 0;
        Strategy.Notice notice = notice(st.alert.strategyId, ctx);
        Strategy.UpgradeConfig u = NoticeTimers.upgradeConfig(notice);
        if (st.alert.isAck || u == null || st.upgrades >= u.userGroups.size()) {
            return;
        }
        Action a = NoticeActions.of(st, Action.UPGRADE, st.upgrades + 1, notice, at);
        a.userGroups = new String[] {u.userGroups.get(st.upgrades)};
        a.isUpgrade = true;
        st.upgrades++;
        st.lastUpgradeTime = at;
        metrics.pushed(st.alert.strategyId, Action.UPGRADE);
        if (st.shielded) {
            st.suppressed = true;
        } else {
            collect(a, out);
        }
        NoticeTimers.scheduleUpgrade(st, notice, ctx.timerService());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Action> out)
            throws Exception {
        timed(() -> due(timestamp, ctx, out));
    }

    private void due(long timestamp, OnTimerContext ctx, Collector<Action> out) throws Exception {
        state.use(ctx.getCurrentKey());
        NoticeState st = state.value();
        if (st != null && st.upgradeTimer == timestamp) {
            upgrade(st, timestamp / 1000, ctx, out);
            state.update(st);
        }
        if (st == null || st.repeatTimer != timestamp) {
            return;
        }
        st.repeatTimer = 0;
        if (st.alert.isAck) {
            state.update(st);
            return;
        }
        Strategy.Notice notice = notice(st.alert.strategyId, ctx);
        if (NoticeTimers.repeatable(st)) {
            repeat(st, notice, timestamp / 1000, ctx, out);
        } else {
            st.repeatDue = true; // the next new event sends it
        }
        state.update(st);
    }

    /**
     * One notice, unless nobody is to hear it or a shield holds it back (all but the end of the
     * alert); whether it went out.
     */
    private boolean send(
            NoticeState st,
            String signal,
            int round,
            Strategy.Notice notice,
            long at,
            Collector<Action> out) {
        metrics.pushed(st.alert.strategyId, signal);
        // an unshield notice goes where the abnormal (or no-data) ones go
        String subscription =
                signal.equals(Action.UNSHIELD)
                        ? (st.noData ? Action.NO_DATA : Action.ABNORMAL)
                        : signal;
        if (notice == null
                || notice.userGroups.isEmpty()
                || !NoticeActions.subscribed(notice, subscription)) {
            return false; // nobody to tell
        }
        boolean end = signal.equals(Action.RECOVERED) || signal.equals(Action.CLOSED);
        if (st.shielded && !end) {
            st.suppressed = true;
            shielded.inc();
            return false;
        }
        st.suppressed = false;
        st.unshieldPending = false;
        collect(NoticeActions.of(st, signal, round, notice, at), out);
        return true;
    }

    private void collect(Action a, Collector<Action> out) {
        sent.inc();
        created++;
        metrics.created(a.alert.strategyId, a.signal);
        out.collect(a);
    }

    @Override
    public void processBroadcastElement(RawMessage config, Context ctx, Collector<Action> out) {
        Strategies.apply(
                config,
                ctx.getBroadcastState(Strategies.STATE),
                maxMessageBytes,
                getRuntimeContext(),
                id -> index = null,
                refused -> {});
    }
}
