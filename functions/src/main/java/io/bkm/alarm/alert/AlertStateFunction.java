package io.bkm.alarm.alert;

import io.bkm.alarm.common.DeadLetters;
import io.bkm.alarm.model.Alert;
import io.bkm.alarm.model.AlertChange;
import io.bkm.alarm.model.AlertInput;
import io.bkm.alarm.model.AlertLog;
import io.bkm.alarm.model.AlertOp;
import io.bkm.alarm.model.EventStatus;
import io.bkm.alarm.model.RawMessage;
import io.bkm.alarm.model.json.DocumentJson;
import io.bkm.alarm.shield.ShieldScheduleFunction;
import io.bkm.alarm.shield.Shields;
import io.bkm.alarm.strategy.Strategies;
import io.bkm.alarm.strategy.Strategy;
import io.bkm.alarm.strategy.StrategyIndex;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
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
 * earliest thing due for it, so an alert that keeps converging does not pile up timers. A key holds
 * something (alert states, event ids, recovery events) only while that timer is set.
 */
public class AlertStateFunction
        extends KeyedBroadcastProcessFunction<String, AlertInput, RawMessage, AlertChange> {
    public static final OutputTag<AlertLog> LOGS =
            new OutputTag<>("alert-logs", TypeInformation.of(AlertLog.class));

    /** State names; part of the savepoint format, never rename. Read by `bkm savepoint`. */
    public static final MapStateDescriptor<String, AlertState> ALERTS =
            new MapStateDescriptor<>("alerts", Types.STRING, TypeInformation.of(AlertState.class));

    /**
     * Event id hash → Kafka record time (the role of ES create conflicts); an id counts for {@link
     * AlertStateSettings#eventIdSeconds} of record time, even before the sweep forgets it.
     */
    static final MapStateDescriptor<Long, Long> EVENT_IDS =
            new MapStateDescriptor<>("event-ids", Types.LONG, Types.LONG);

    /**
     * Fingerprint → event time of the newest custom recovery event for it, held a while because the
     * alert it recovers may be created after it arrives (its window is evaluated later).
     */
    static final MapStateDescriptor<String, Long> RECOVERIES =
            new MapStateDescriptor<>("custom-event-recoveries", Types.STRING, Types.LONG);

    /** The key's {@link IdWatch} while it holds no alert state. */
    static final ValueStateDescriptor<IdWatch> ID_WATCH =
            new ValueStateDescriptor<>("event-ids-watch", TypeInformation.of(IdWatch.class));

    /** Read by `bkm bootstrap`, which sets the timers of the alerts it carries over. */
    public static final ValueStateDescriptor<Long> WAKE =
            new ValueStateDescriptor<>("wake", Types.LONG);

    static final ValueStateDescriptor<Long> SWEEP =
            new ValueStateDescriptor<>("event-ids-sweep", Types.LONG);

    /** Off only to test {@link IdWatch}: then every event id is looked up. */
    boolean watchIds = true;

    /** Off only to test that knowing a key holds nothing changes no outcome. */
    boolean knowEmptyKeys = true;

    private final TreeMap<Long, String> shipped;
    private final AlertStateSettings settings;
    private final int maxMessageBytes;

    private transient StrategyIndex index;
    private transient AlertShielding shielding;

    /** Renders the alert documents of every input, one generator for the operator's life. */
    private transient DocumentJson json;

    /** Per input: when the fingerprint's state was due before it. */
    private transient long dueBefore;

    private transient AlertStore alerts;
    private transient EventIds eventIds;
    private transient CustomRecoveries recoveries;
    private transient AlertChecks checks;
    private transient AlertEvents events;
    private transient AlertOperations operations;
    private transient AlertWake wake;
    private transient ValueState<Long> sweep;
    private transient AlertCounters counters;
    private transient FlapWatch flaps;

    public AlertStateFunction(
            Map<Long, String> shipped, AlertStateSettings settings, int maxMessageBytes) {
        this.shipped = new TreeMap<>(shipped);
        this.settings = settings;
        this.maxMessageBytes = maxMessageBytes;
    }

    /** The key of events by fingerprint, operations by the fingerprint they carry or their id. */
    public static String key(AlertInput in) {
        if (in.event != null) {
            return AlertIds.key(in.event.dedupeMd5);
        }
        if (in.recovery != null) {
            return AlertIds.key(in.recovery.dedupeMd5);
        }
        return in.op.dedupeMd5 != null
                ? AlertIds.key(in.op.dedupeMd5)
                : AlertIds.keyOfId(in.op.alertId);
    }

    @Override
    public void open(OpenContext openContext) {
        sweep = getRuntimeContext().getState(SWEEP);
        var metrics = getRuntimeContext().getMetricGroup();
        counters = new AlertCounters(metrics);
        flaps = FlapWatch.of(settings);
        wake = new AlertWake(getRuntimeContext().getState(WAKE), settings, flaps);
        shielding = new AlertShielding(ZoneId.of(settings.shieldTimeZone()), maxMessageBytes);
        json = new DocumentJson();
        alerts =
                new AlertStore(
                        getRuntimeContext().getMapState(ALERTS), settings.heldKeys(), metrics);
        checks = new AlertChecks(counters.ended);
        recoveries = new CustomRecoveries(getRuntimeContext().getMapState(RECOVERIES), checks);
        eventIds =
                new EventIds(
                        getRuntimeContext().getMapState(EVENT_IDS),
                        getRuntimeContext().getState(ID_WATCH),
                        alerts,
                        settings.eventIdSeconds(),
                        counters.idLookupsSaved);
        operations = new AlertOperations(alerts, counters);
        events =
                new AlertEvents(
                        alerts, eventIds, recoveries, counters, settings.closeWindowSeconds());
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
            AlertState held = alerts.get(in.event.dedupeMd5);
            if (held == null && knowEmptyKeys && !wake.pending()) {
                eventIds.keyHoldsNothing(); // a key keeps its timer while it holds anything
            }
            dueBefore = held == null ? Long.MAX_VALUE : wake.due(held);
            st = events.on(in.event, held, watchIds, id -> index(ctx).byId(id), changes);
        } else if (in.recovery != null) {
            AlertState held = alerts.get(in.recovery.dedupeMd5);
            dueBefore = held == null ? Long.MIN_VALUE : wake.due(held);
            st = recoveries.on(in.recovery, held, changes);
        } else {
            st =
                    operations.on(
                            in.op,
                            d -> ctx.output(DeadLetters.TAG, d),
                            (released, op) -> release(released, op, ctx, changes),
                            changes);
        }
        if (st != null) {
            alerts.put(st.alert.dedupeMd5, st);
            changes.flush();
            // the key's timer is at or before what was due; only an earlier due moves it
            if (wake.due(st) < dueBefore) {
                wake.at(ctx.timerService(), wake.due(st));
            }
        } else if (eventIds.remembered() && !wake.pending()) {
            // no alert keeps a timer here: one must come back to forget the id
            wake.at(
                    ctx.timerService(),
                    AlertWake.hourAfter(in.event.createTime + settings.eventIdSeconds()));
        } else if (in.recovery != null && !wake.pending()) {
            wake.at(
                    ctx.timerService(),
                    AlertWake.hourAfter(in.recovery.time + CustomRecoveries.HELD_SECONDS));
        }
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

    // ---- alert QoS releases ------------------------------------------------------------------

    /**
     * §4.3: a blocked alert released from flow control closes, and a new alert opens from its
     * newest event.
     */
    private AlertState release(
            AlertState st, AlertOp op, ReadOnlyContext ctx, PendingChanges changes)
            throws Exception {
        Alert a = st.alert;
        dueBefore = wake.due(st);
        long at = Math.max(op.time, a.createTime);
        checks.end(st, EventStatus.CLOSED, AlertLog.CLOSE, at, null, op.reason, changes);
        counters.releases.inc();
        return events.create(
                a.event, EventFacts.of(a.event), st, id -> index(ctx).byId(id), changes);
    }

    // ---- timers: close window, recovery checks, clean-up ------------------------------------

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AlertChange> out)
            throws Exception {
        if (!wake.fired(timestamp)) {
            return;
        }
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
            long due = wake.due(st);
            if (due <= now && flaps.endsAt(st) <= now) {
                endFlapping(st, changes);
                due = wake.due(st);
            }
            if (due > now) {
                wake.at(ctx.timerService(), due);
            } else if (!st.alert.isAbnormal()) {
                alerts.remove(st.alert.dedupeMd5); // kept long enough for the expiry rule
                kept--;
                eventIds.handOver(st); // it was the key's only alert state
            } else {
                Alert a = st.alert;
                checks.onDue(
                        st, a.hasStrategy() ? index(ctx).byId(a.strategyId) : null, due, changes);
                alerts.put(st.alert.dedupeMd5, st);
                changes.flush();
                wake.at(ctx.timerService(), wake.due(st));
            }
        }
        if (kept == 0 && sweep.value() != null) {
            wake.at(ctx.timerService(), sweep.value()); // while alerts are held, their timers sweep
        }
    }

    /**
     * The fingerprint stayed in one state for the flap window: its alert is written no longer
     * flapping, with a notice of it as it stands.
     */
    private void endFlapping(AlertState st, PendingChanges changes) throws Exception {
        long at = flaps.endsAt(st);
        flaps.end(st, at);
        changes.log(st, AlertLog.FLAPPING_END, at, null, null, null);
        changes.alert(st, AlertChange.FLAPPING_END);
        alerts.put(st.alert.dedupeMd5, st);
        changes.flush();
    }

    /** Forgets event ids and custom recovery events held long enough. */
    private void sweepEventIds(long now) throws Exception {
        long next = eventIds.forget(now);
        next = Math.min(next, recoveries.forget(now));
        if (next == Long.MAX_VALUE) {
            sweep.clear();
        } else {
            sweep.update(AlertWake.hourAfter(next));
        }
    }

    // ---- strategies ---------------------------------------------------------------------------

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
                            checks.closeForStrategy(st, why, Math.max(at, a.latestTime), changes);
                            closed.add(st);
                        }
                    }
                    for (AlertState st : closed) {
                        changes.flush(); // counts a flap change in st, so before it is put
                        held.put(st.alert.dedupeMd5, st);
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
                        changes.flush();
                        held.put(st.alert.dedupeMd5, st);
                    }
                });
    }

    /** What one input changes, marked with the shields as it is written. */
    private PendingChanges changes(Consumer<AlertLog> logs, Collector<AlertChange> out) {
        return new PendingChanges(logs, out, shielding::mark, flaps, json);
    }
}
