package io.bkm.alarm.alert;

import io.bkm.alarm.common.DeadLetters;
import io.bkm.alarm.common.Reasons;
import io.bkm.alarm.model.Alert;
import io.bkm.alarm.model.AlertChange;
import io.bkm.alarm.model.AlertInput;
import io.bkm.alarm.model.AlertLog;
import io.bkm.alarm.model.AlertOp;
import io.bkm.alarm.model.CustomEventRecovery;
import io.bkm.alarm.model.DeadLetter;
import io.bkm.alarm.model.Event;
import io.bkm.alarm.model.EventStatus;
import io.bkm.alarm.model.RawMessage;
import io.bkm.alarm.shield.ShieldScheduleFunction;
import io.bkm.alarm.shield.Shields;
import io.bkm.alarm.strategy.Strategies;
import io.bkm.alarm.strategy.Strategy;
import io.bkm.alarm.strategy.StrategyIndex;
import java.io.Serializable;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The alert lifecycle (behaviour spec §2.5, §3.3–§3.4, §4.3, §5.3), keyed by {@link AlertIds#key}:
 * the part of the fingerprint that alert ids carry, so user operations, which name only an alert
 * id, reach the same state as the events. Each fingerprint under a key has an {@link AlertState};
 * in practice a key holds one.
 *
 * <p>Every time written comes from an event, an operation, a config record or a timer's scheduled
 * time. Timers are processing-time timers at such times; a key has one timer at a time, set at the
 * earliest thing due for it, so an alert that keeps converging does not pile up timers.
 */
public class AlertStateFunction
        extends KeyedBroadcastProcessFunction<String, AlertInput, RawMessage, AlertChange> {
    public static final OutputTag<AlertLog> LOGS =
            new OutputTag<>("alert-logs", TypeInformation.of(AlertLog.class));

    /** State names; part of the savepoint format, never rename. */
    static final MapStateDescriptor<String, AlertState> ALERTS =
            new MapStateDescriptor<>("alerts", Types.STRING, TypeInformation.of(AlertState.class));

    /**
     * Event id hash → Kafka record time of the event: the role of ES create conflicts. An id counts
     * for {@link Settings#eventIdSeconds} of record time, even before the sweep forgets it.
     */
    static final MapStateDescriptor<Long, Long> EVENT_IDS =
            new MapStateDescriptor<>("event-ids", Types.LONG, Types.LONG);

    /**
     * Fingerprint → event time of the newest custom recovery event for it, held a while because the
     * alert it recovers may be created after it arrives (its window is evaluated later).
     */
    static final MapStateDescriptor<String, Long> RECOVERIES =
            new MapStateDescriptor<>("custom-event-recoveries", Types.STRING, Types.LONG);

    /** How long a custom recovery event waits for an alert it could recover. */
    static final long RECOVERY_HELD_SECONDS = 3600;

    static final String CUSTOM_RECOVERY = "received a custom recovery event";

    /** The key's {@link IdWatch} while it holds no alert state. */
    static final ValueStateDescriptor<IdWatch> ID_WATCH =
            new ValueStateDescriptor<>("event-ids-watch", TypeInformation.of(IdWatch.class));

    static final ValueStateDescriptor<Long> WAKE = new ValueStateDescriptor<>("wake", Types.LONG);
    static final ValueStateDescriptor<Long> SWEEP =
            new ValueStateDescriptor<>("event-ids-sweep", Types.LONG);

    /** bk-monitor's DEFAULT_EXPIRED_SECONDS: events older than a day change nothing. */
    static final long EXPIRE_SECONDS = 86_400;

    /** bk-monitor's CONST_MINUTES: after an alert ended, events from before end − 60 s expire. */
    static final long END_MARGIN_SECONDS = 60;

    /** bk-monitor's NO_DATA_ALERT_EXPIRED_TIMEDELTA. */
    static final long NO_DATA_EXPIRE_SECONDS = 86_400;

    static final String NO_DATA_EXPIRED = "no new no-data event for a day";

    static final String HIGHER_SEVERITY = "a higher-severity alert exists";
    static final String CLOSE_WINDOW_PASSED = "no new abnormal event within the close window";

    /** How long things last; bk-monitor's constants by default. */
    public record Settings(
            long closeWindowSeconds,
            long retainEndedSeconds,
            long eventIdSeconds,
            String shieldTimeZone,
            int heldKeys)
            implements Serializable {
        /** How many keys' alert states a subtask holds on the heap by default. */
        public static final int HELD_KEYS = 100_000;

        public static Settings defaults() {
            // CLOSE_WINDOW_SIZE; the 2 h content cache; the 24 h expiry horizon plus an hour;
            // bk-monitor's default TIME_ZONE
            return new Settings(
                    AlertBuilder.CLOSE_WINDOW_SECONDS, 7200, 90_000, "Asia/Shanghai", HELD_KEYS);
        }

        /** These times with another number of held keys. */
        public Settings withHeldKeys(int keys) {
            return new Settings(
                    closeWindowSeconds, retainEndedSeconds, eventIdSeconds, shieldTimeZone, keys);
        }
    }

    /** Off only to test {@link IdWatch}: then every event id is looked up. */
    boolean watchIds = true;

    private final TreeMap<Long, String> shipped;
    private final Settings settings;
    private final int maxMessageBytes;

    private transient StrategyIndex index;
    private transient AlertShielding shielding;

    /** Per input: when the fingerprint's state was due before it. */
    private transient long dueBefore;

    private transient AlertStore alerts;
    private transient EventIds eventIds;
    private transient MapState<String, Long> recoveries;
    private transient ValueState<Long> wake;
    private transient ValueState<Long> sweep;
    private transient AlertCounters counters;

    public AlertStateFunction(Map<Long, String> shipped, Settings settings, int maxMessageBytes) {
        this.shipped = new TreeMap<>(shipped);
        this.settings = settings;
        this.maxMessageBytes = maxMessageBytes;
    }

    /** The operator's key: events by fingerprint, operations by the alert they name. */
    public static String key(AlertInput in) {
        if (in.event != null) {
            return AlertIds.key(in.event.dedupeMd5);
        }
        return in.recovery != null
                ? AlertIds.key(in.recovery.dedupeMd5)
                : AlertIds.keyOfId(in.op.alertId);
    }

    @Override
    public void open(OpenContext openContext) {
        recoveries = getRuntimeContext().getMapState(RECOVERIES);
        wake = getRuntimeContext().getState(WAKE);
        sweep = getRuntimeContext().getState(SWEEP);
        var metrics = getRuntimeContext().getMetricGroup();
        counters = new AlertCounters(metrics);
        shielding = new AlertShielding(ZoneId.of(settings.shieldTimeZone()), maxMessageBytes);
        alerts =
                new AlertStore(
                        getRuntimeContext().getMapState(ALERTS), settings.heldKeys(), metrics);
        eventIds =
                new EventIds(
                        getRuntimeContext().getMapState(EVENT_IDS),
                        getRuntimeContext().getState(ID_WATCH),
                        alerts,
                        settings.eventIdSeconds,
                        counters.idLookupsSaved);
    }

    @Override
    public void processElement(AlertInput in, ReadOnlyContext ctx, Collector<AlertChange> out)
            throws Exception {
        alerts.use(ctx.getCurrentKey());
        shielding.load(ctx.getBroadcastState(Shields.STATE).immutableEntries());
        PendingChanges changes = changes(l -> ctx.output(LOGS, l), out);
        dueBefore = Long.MIN_VALUE;
        eventIds.reset();
        AlertState st;
        if (in.event != null) {
            st = onEvent(in.event, ctx, changes);
        } else if (in.recovery != null) {
            st = onRecovery(in.recovery, changes);
        } else {
            st = onOp(in.op, ctx, changes);
        }
        if (st != null) {
            alerts.put(st.alert.dedupeMd5, st);
            changes.flush();
            // the key's timer is at or before what was due; only an earlier due moves it
            if (due(st) < dueBefore) {
                wakeAt(ctx.timerService(), due(st));
            }
        } else if (eventIds.remembered() && wake.value() == null) {
            // no alert keeps a timer here: one must come back to forget the id
            wakeAt(ctx.timerService(), hourAfter(in.event.createTime + settings.eventIdSeconds));
        } else if (in.recovery != null && wake.value() == null) {
            wakeAt(ctx.timerService(), hourAfter(in.recovery.time + RECOVERY_HELD_SECONDS));
        }
    }

    // ---- events: the decision table of §4.3 -------------------------------------------------

    private AlertState onEvent(Event e, ReadOnlyContext ctx, PendingChanges changes)
            throws Exception {
        AlertState st = alerts.get(e.dedupeMd5);
        if (!eventIds.firstSeen(e, st, watchIds)) {
            counters.duplicates.inc();
            return null;
        }
        Alert a = st == null ? null : st.alert;
        dueBefore = st == null ? Long.MAX_VALUE : due(st);
        EventFacts facts = EventFacts.of(e);
        if (isExpired(e, facts, a)) {
            counters.expired.inc();
            return eventIds.watchMoved() ? st : null;
        }
        boolean abnormal = EventStatus.ABNORMAL.equals(e.status);
        if (a == null || !a.isAbnormal()) {
            if (!abnormal) {
                counters.ignored.inc(); // nothing to recover or close
                return eventIds.watchMoved() ? st : null;
            }
            return create(e, facts, st, ctx, changes);
        }
        if (a.severity > e.severity) {
            AlertBuilder.end(
                    a,
                    EventStatus.CLOSED,
                    Math.max(e.time, a.latestTime),
                    e.createTime,
                    HIGHER_SEVERITY);
            changes.log(st, AlertLog.CLOSE, e.createTime, e.id, null, HIGHER_SEVERITY);
            changes.alert(st);
            counters.ended.inc();
            return create(e, facts, st, ctx, changes);
        }
        if (a.event.severity < e.severity) {
            changes.log(st, AlertLog.EVENT_DROP, e.createTime, e.id, null, e.description);
            counters.dropped.inc();
            alerts.put(e.dedupeMd5, st);
            changes.flush();
            return null;
        }
        if (abnormal) {
            AlertBuilder.converge(a, e, settings.closeWindowSeconds);
            changes.log(st, AlertLog.CONVERGE, e.createTime, e.id, null, e.description);
            if (a.hasStrategy()) {
                Strategy s = index(ctx).byId(a.strategyId);
                st.marks = RecoveryCheck.add(st.marks, facts.anomalyTimes(), windows(s, a));
                scheduleCheck(st, s, st.lastCheck);
            }
            counters.updated.inc();
        } else {
            AlertBuilder.endByEvent(a, e);
            String op = EventStatus.RECOVERED.equals(e.status) ? AlertLog.RECOVER : AlertLog.CLOSE;
            changes.log(st, op, e.createTime, e.id, null, e.description);
            counters.ended.inc();
        }
        changes.alert(st);
        return st;
    }

    private AlertState create(
            Event e,
            EventFacts facts,
            AlertState previous,
            ReadOnlyContext ctx,
            PendingChanges changes)
            throws Exception {
        Alert before = previous == null ? null : previous.alert;
        Alert a =
                AlertBuilder.create(
                        e,
                        before == null ? 0 : before.generation + 1,
                        before == null ? 0 : before.version,
                        settings.closeWindowSeconds);
        AlertState st = new AlertState();
        st.alert = a;
        st.previousAlertId = before == null ? null : before.id;
        if (previous != null) {
            st.idWatch = previous.idWatch;
        } else {
            eventIds.begin(st, e);
        }
        if (a.hasStrategy()) {
            Strategy s = index(ctx).byId(a.strategyId);
            st.strategyShape = s == null ? null : StrategyCloseCheck.shape(s);
            st.marks = RecoveryCheck.add(new long[0], facts.anomalyTimes(), windows(s, a));
            scheduleCheck(st, s, e.time);
        }
        changes.log(st, AlertLog.CREATE, e.createTime, e.id, null, e.description);
        changes.alert(st);
        counters.created.inc();
        Long recoveredAt = isCustomEvent(a) ? recoveries.get(e.dedupeMd5) : null;
        if (recoveredAt != null) {
            recoverByEvent(st, recoveredAt, e.createTime, changes);
        }
        return st;
    }

    // ---- custom recovery events (§1.2, §5.3) -------------------------------------------------

    /**
     * A custom event strategy's recovery event: the open alert of its fingerprint recovers if it
     * began no later; either way it is held for an alert created after it.
     */
    private AlertState onRecovery(CustomEventRecovery r, PendingChanges changes) throws Exception {
        if (r.reason != null) {
            return onNewData(r, changes);
        }
        Long known = recoveries.get(r.dedupeMd5);
        if (known == null || known < r.time) {
            recoveries.put(r.dedupeMd5, r.time);
        }
        AlertState st = alerts.get(r.dedupeMd5);
        if (st == null) {
            return null;
        }
        dueBefore = due(st);
        Alert a = st.alert;
        boolean recovered =
                Long.valueOf(r.strategyId).equals(a.strategyId)
                        && recoverByEvent(
                                st, r.time, Math.max(r.receivedAt, a.createTime), changes);
        return recovered ? st : null;
    }

    /** A no-data alert's series reports again: the alert recovers (§5.3, no-data alerts). */
    private AlertState onNewData(CustomEventRecovery r, PendingChanges changes) throws Exception {
        AlertState st = alerts.get(r.dedupeMd5);
        if (st == null) {
            return null;
        }
        dueBefore = due(st);
        Alert a = st.alert;
        if (!a.isAbnormal() || !a.isNoData() || !Long.valueOf(r.strategyId).equals(a.strategyId)) {
            return null;
        }
        recover(st, Math.max(r.receivedAt, a.createTime), r.reason, changes);
        return st;
    }

    private boolean recoverByEvent(
            AlertState st, long recoveryTime, long at, PendingChanges changes) {
        Alert a = st.alert;
        if (!a.isAbnormal() || !isCustomEvent(a) || a.beginTime > recoveryTime) {
            return false;
        }
        recover(st, at, CUSTOM_RECOVERY, changes);
        return true;
    }

    /**
     * Ends the alert at {@code at} (its end and update time both), logs {@code logOp} with the
     * reason and writes the version: every end but those an event brings.
     */
    private void end(
            AlertState st,
            String status,
            String logOp,
            long at,
            String operator,
            String why,
            PendingChanges changes) {
        AlertBuilder.end(st.alert, status, at, at, why);
        changes.log(st, logOp, at, null, operator, why);
        changes.alert(st);
        counters.ended.inc();
    }

    /** Ends the alert RECOVERED at {@code at} for {@code why}, with its log. */
    private void recover(AlertState st, long at, String why, PendingChanges changes) {
        end(st, EventStatus.RECOVERED, AlertLog.RECOVER, at, null, why, changes);
    }

    private static boolean isCustomEvent(Alert a) {
        if (a.hasStrategy() && a.event != null && a.event.metric != null) {
            for (String m : a.event.metric) {
                if (m.startsWith("custom.event.")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** §2.5, with the event's Kafka record time as "now". */
    private static boolean isExpired(Event e, EventFacts facts, Alert current) {
        long threshold = e.createTime - EXPIRE_SECONDS;
        if (current != null && !current.isAbnormal() && current.endTime != null) {
            threshold = Math.max(threshold, current.endTime - END_MARGIN_SECONDS);
        }
        return facts.accessTime() < threshold;
    }

    /** The alert states held in front of the state backend; the operator writes them back. */
    AlertStore store() {
        return alerts;
    }

    /** How many event ids {@link IdWatch} has known to be new without looking them up. */
    long idLookupsSaved() {
        return counters.idLookupsSaved.getCount();
    }

    /** The key an event id has in the event-id state (also what the floor benchmark stores). */
    public static long idHash(String id) {
        return EventIds.hash(id);
    }

    // ---- user operations --------------------------------------------------------------------

    private AlertState onOp(AlertOp op, ReadOnlyContext ctx, PendingChanges changes)
            throws Exception {
        AlertState st = null;
        String successor = null;
        for (AlertState candidate : alerts.values()) {
            if (candidate.alert.id.equals(op.alertId)) {
                st = candidate;
            } else if (op.alertId.equals(candidate.previousAlertId)) {
                successor = candidate.alert.id;
            }
        }
        boolean release = AlertOp.QOS_RELEASE.equals(op.op);
        if (release && (successor != null || (st != null && !st.alert.isAbnormal()))) {
            // it ended before its release came back from the QoS stage: nothing to release
            counters.releasesLate.inc();
            return null;
        }
        if (st == null && successor != null) {
            refuse(
                    op,
                    Reasons.ALERT_ENDED,
                    "alert " + op.alertId + " ended; " + successor + " followed it",
                    ctx);
            return null;
        }
        if (st == null) {
            refuse(op, Reasons.UNKNOWN_ALERT, "no alert " + op.alertId + " is held", ctx);
            return null;
        }
        Alert a = st.alert;
        if (!a.isAbnormal()) {
            refuse(op, Reasons.ALERT_ENDED, "alert " + a.id + " is " + a.status, ctx);
            return null;
        }
        if (release) {
            return release(st, op, ctx, changes);
        }
        long at = Math.max(op.time, a.createTime);
        switch (op.op) {
            case AlertOp.ACK -> {
                if (Boolean.TRUE.equals(a.isAck)) {
                    counters.opsRedundant.inc();
                    return null;
                }
                AlertBuilder.ack(a, op.operator, at);
                changes.log(st, AlertLog.ACK, at, null, op.operator, op.reason);
            }
            case AlertOp.UNACK -> {
                if (!Boolean.TRUE.equals(a.isAck)) {
                    counters.opsRedundant.inc();
                    return null;
                }
                AlertBuilder.unack(a, at);
                changes.log(
                        st, AlertLog.ACK, at, null, op.operator, "unacknowledged: " + op.reason);
            }
            default -> {
                String why =
                        "closed by " + op.operator + (op.reason == null ? "" : ": " + op.reason);
                AlertBuilder.end(a, EventStatus.CLOSED, at, at, why);
                changes.log(st, AlertLog.CLOSE, at, null, op.operator, why);
                counters.ended.inc();
            }
        }
        counters.opsApplied.inc();
        changes.alert(st);
        return st;
    }

    /**
     * §4.3: a blocked alert released from flow control closes, and a new alert opens from its
     * newest event.
     */
    private AlertState release(
            AlertState st, AlertOp op, ReadOnlyContext ctx, PendingChanges changes)
            throws Exception {
        Alert a = st.alert;
        dueBefore = due(st);
        long at = Math.max(op.time, a.createTime);
        end(st, EventStatus.CLOSED, AlertLog.CLOSE, at, null, op.reason, changes);
        counters.releases.inc();
        return create(a.event, EventFacts.of(a.event), st, ctx, changes);
    }

    private void refuse(AlertOp op, String reason, String detail, ReadOnlyContext ctx) {
        counters.opsRefused.inc();
        ctx.output(DeadLetters.TAG, DeadLetter.of(op.source, reason, detail));
    }

    // ---- timers: close window, recovery checks, clean-up ------------------------------------

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AlertChange> out)
            throws Exception {
        Long w = wake.value();
        if (w == null || w != timestamp) {
            return;
        }
        wake.clear();
        alerts.use(ctx.getCurrentKey());
        long now = timestamp / 1000L;
        // ids are forgotten when a timer of the key fires anyway, at most hourly
        Long sweepAt = sweep.value();
        if (sweepAt == null || sweepAt <= now) {
            sweepEventIds(now);
        }
        shielding.load(ctx.getBroadcastState(Shields.STATE).immutableEntries());
        PendingChanges changes = changes(l -> ctx.output(LOGS, l), out);
        List<AlertState> held = alerts.values();
        int kept = held.size();
        for (AlertState st : held) {
            long due = due(st);
            if (due > now) {
                wakeAt(ctx.timerService(), due);
            } else if (!st.alert.isAbnormal()) {
                alerts.remove(st.alert.dedupeMd5); // kept long enough for the expiry rule
                kept--;
                eventIds.handOver(st); // it was the key's only alert state
            } else {
                onDue(st, due, ctx, changes);
                alerts.put(st.alert.dedupeMd5, st);
                changes.flush();
                wakeAt(ctx.timerService(), due(st));
            }
        }
        if (kept == 0 && sweep.value() != null) {
            wakeAt(ctx.timerService(), sweep.value()); // while alerts are held, their timers sweep
        }
    }

    private void onDue(AlertState st, long at, OnTimerContext ctx, PendingChanges changes)
            throws Exception {
        Alert a = st.alert;
        if (!a.hasStrategy()) {
            end(
                    st,
                    EventStatus.CLOSED,
                    AlertLog.SYSTEM_CLOSE,
                    at,
                    null,
                    CLOSE_WINDOW_PASSED,
                    changes);
            return;
        }
        Strategy s = index(ctx).byId(a.strategyId);
        if (st.strategyShape == null && s != null) {
            st.strategyShape = StrategyCloseCheck.shape(s); // the strategy arrived after the alert
        }
        String closeReason =
                StrategyCloseCheck.reason(s, st.strategyShape, a.severity, a.isNoData());
        if (closeReason != null) {
            closeForStrategy(st, closeReason, at, changes);
            return;
        }
        if (a.isNoData()) {
            // recovered only by new data; closed a day after the last no-data event
            if (a.latestTime + NO_DATA_EXPIRE_SECONDS <= at) {
                closeForStrategy(st, NO_DATA_EXPIRED, at, changes);
            } else {
                scheduleCheck(st, s, at);
            }
            return;
        }
        RecoveryCheck.Windows w = windows(s, a);
        boolean recovering = a.recovering;
        st.lastCheck = at;
        switch (RecoveryCheck.at(at, st.marks, recovering, w)) {
            case ABORT_RECOVER -> {
                AlertBuilder.recovering(a, false, at);
                changes.log(st, AlertLog.ABORT_RECOVER, at, null, null, null);
                changes.alert(st);
            }
            case RECOVERING -> {
                AlertBuilder.recovering(a, true, at);
                changes.log(st, AlertLog.RECOVERING, at, null, null, null);
                changes.alert(st);
            }
            case RECOVERED -> {
                String why =
                        w.recoveryWindow()
                                + " consecutive periods do not meet the trigger condition";
                String status = w.closeInstead() ? EventStatus.CLOSED : EventStatus.RECOVERED;
                String op = w.closeInstead() ? AlertLog.CLOSE : AlertLog.RECOVER;
                end(st, status, op, at, null, why, changes);
                return;
            }
            default -> {}
        }
        scheduleCheck(st, s, at);
    }

    /**
     * The next check of a strategy alert: when its windows can change the outcome, or at the next
     * minute when its strategy is unknown, so the close checker can close it.
     */
    private static void scheduleCheck(AlertState st, Strategy s, long after) {
        if (st.alert.isNoData()) {
            st.nextCheck = st.alert.latestTime + NO_DATA_EXPIRE_SECONDS;
        } else if (s == null) {
            st.nextCheck = Math.floorDiv(after, 60) * 60 + 60;
        } else {
            RecoveryCheck.Windows w = RecoveryCheck.Windows.of(s, st.alert.severity);
            st.nextCheck = RecoveryCheck.next(after, st.marks, st.alert.recovering, w);
        }
    }

    private void closeForStrategy(AlertState st, String why, long at, PendingChanges changes) {
        end(st, EventStatus.CLOSED, AlertLog.CLOSE, at, null, why, changes);
    }

    /** Forgets event ids and custom recovery events held long enough. */
    private void sweepEventIds(long now) throws Exception {
        long next = eventIds.forget(now);
        next = Math.min(next, EventIds.forget(recoveries, RECOVERY_HELD_SECONDS, now));
        if (next == Long.MAX_VALUE) {
            sweep.clear();
        } else {
            sweep.update(hourAfter(next));
        }
    }

    /** When something is next due for this alert, epoch seconds. */
    private long due(AlertState st) {
        Alert a = st.alert;
        if (!a.isAbnormal()) {
            return a.updateTime + settings.retainEndedSeconds;
        }
        return a.hasStrategy() ? st.nextCheck : a.nextStatusTime;
    }

    /** Keeps the key's one timer at the earliest thing due. */
    private void wakeAt(TimerService timers, long seconds) throws Exception {
        long at = seconds * 1000L;
        Long current = wake.value();
        if (current == null || at < current) {
            if (current != null) {
                timers.deleteProcessingTimeTimer(current);
            }
            timers.registerProcessingTimeTimer(at);
            wake.update(at);
        }
    }

    private static long hourAfter(long seconds) {
        return Math.floorDiv(seconds, 3600) * 3600 + 3600;
    }

    // ---- strategies ---------------------------------------------------------------------------

    private static RecoveryCheck.Windows windows(Strategy s, Alert a) {
        return s == null
                ? new RecoveryCheck.Windows(60, 5, 1, 5, false)
                : RecoveryCheck.Windows.of(s, a.severity);
    }

    private StrategyIndex index(ReadOnlyContext ctx) throws Exception {
        if (index == null) {
            index =
                    StrategyIndex.of(
                            shipped, ctx.getBroadcastState(Strategies.STATE).immutableEntries());
        }
        return index;
    }

    /**
     * A strategy added, changed or deleted: open alerts it no longer covers close now (§5.3 close
     * checker), at the config record's time. Invalid records are reported by the bind operator,
     * which reads the same topic.
     */
    @Override
    public void processBroadcastElement(RawMessage config, Context ctx, Collector<AlertChange> out)
            throws Exception {
        if (config.key != null && config.key.startsWith(Shields.TICK_KEY_PREFIX)) {
            shielding.onTick(config, ctx.getBroadcastState(Shields.STATE));
            reshieldAll(config.timestamp / 1000, ctx, out);
            return;
        }
        if (ShieldScheduleFunction.isShield(config)) {
            if (shielding.onConfig(config, ctx.getBroadcastState(Shields.STATE))) {
                reshieldAll(config.timestamp / 1000, ctx, out);
            }
            return;
        }
        var state = ctx.getBroadcastState(Strategies.STATE);
        List<Long> changed = new ArrayList<>();
        Strategies.apply(
                config, state, maxMessageBytes, getRuntimeContext(), changed::add, refused -> {});
        if (changed.isEmpty()) {
            return;
        }
        long id = changed.get(0);
        index = StrategyIndex.of(shipped, state.immutableEntries());
        Strategy s = index.byId(id);
        long at = Math.floorDiv(config.timestamp, 1000L);
        PendingChanges changes = changes(l -> ctx.output(LOGS, l), out);
        ctx.applyToKeyedState(
                ALERTS,
                (key, held) -> {
                    List<AlertState> closed = new ArrayList<>();
                    for (AlertState st : held.values()) {
                        Alert a = st.alert;
                        if (!a.isAbnormal() || !a.hasStrategy() || a.strategyId != id) {
                            continue;
                        }
                        if (st.strategyShape == null && s != null) {
                            st.strategyShape = StrategyCloseCheck.shape(s);
                            closed.add(st);
                            continue;
                        }
                        String why =
                                StrategyCloseCheck.reason(
                                        s, st.strategyShape, a.severity, a.isNoData());
                        if (why != null) {
                            closeForStrategy(st, why, Math.max(at, a.latestTime), changes);
                            closed.add(st);
                        }
                    }
                    for (AlertState st : closed) {
                        held.put(st.alert.dedupeMd5, st);
                        changes.flush();
                    }
                });
    }

    /** Every open alert looked at as of a shield boundary; those whose shield changed, written. */
    private void reshieldAll(long at, Context ctx, Collector<AlertChange> out) throws Exception {
        PendingChanges changes = changes(l -> ctx.output(LOGS, l), out);
        ctx.applyToKeyedState(
                ALERTS,
                (key, held) -> {
                    List<AlertState> touched = new ArrayList<>();
                    for (AlertState st : held.values()) {
                        if (shielding.reshield(st.alert, at)) {
                            touched.add(st);
                        }
                    }
                    for (AlertState st : touched) {
                        changes.alert(st);
                        held.put(st.alert.dedupeMd5, st);
                        changes.flush();
                    }
                });
    }

    /** What one input changes, marked with the shields as it is written. */
    private PendingChanges changes(Consumer<AlertLog> logs, Collector<AlertChange> out) {
        return new PendingChanges(logs, out, shielding::mark);
    }
}
