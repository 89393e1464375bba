package io.bkm.alarm.alert;

import io.bkm.alarm.model.Alert;
import io.bkm.alarm.model.AlertLog;
import io.bkm.alarm.model.Event;
import io.bkm.alarm.model.EventStatus;
import io.bkm.alarm.strategy.Strategy;

/**
 * The decision table of §4.3: what an event does to its fingerprint's alert — dropped as a
 * duplicate or expired, ignored, a new alert, converged into the open one, the open one closed for
 * a higher severity, dropped for a lower one, or the open one ended by a recovery or close event.
 */
final class AlertEvents {
    /** bk-monitor's DEFAULT_EXPIRED_SECONDS: events older than a day change nothing. */
    static final long EXPIRE_SECONDS = 86_400;

    /** bk-monitor's CONST_MINUTES: after an alert ended, events from before end − 60 s expire. */
    static final long END_MARGIN_SECONDS = 60;

    static final String HIGHER_SEVERITY = "a higher-severity alert exists";

    /** The strategies as the alert state knows them now. */
    @FunctionalInterface
    interface StrategyLookup {
        Strategy byId(long id) throws Exception;
    }

    private final AlertStore alerts;
    private final EventIds eventIds;
    private final CustomRecoveries recoveries;
    private final AlertCounters counters;
    private final long closeWindowSeconds;
    private final SharedStrings strings = new SharedStrings();

    AlertEvents(
            AlertStore alerts,
            EventIds eventIds,
            CustomRecoveries recoveries,
            AlertCounters counters,
            long closeWindowSeconds) {
        this.alerts = alerts;
        this.eventIds = eventIds;
        this.recoveries = recoveries;
        this.counters = counters;
        this.closeWindowSeconds = closeWindowSeconds;
    }

    /**
     * An event of the key.
     *
     * @param st its fingerprint's alert state, or null
     * @param watch whether alert states' {@link IdWatch} may prove ids new (off only in tests)
     * @return the alert state it changed, or null
     */
    AlertState on(
            Event e,
            AlertState st,
            boolean watch,
            StrategyLookup strategies,
            PendingChanges changes)
            throws Exception {
        if (!eventIds.firstSeen(e, st, watch)) {
            counters.duplicates.inc();
            return null;
        }
        Alert a = st == null ? null : st.alert;
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
            return create(e, facts, st, strategies, changes);
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
            return create(e, facts, st, strategies, changes);
        }
        if (a.event.severity < e.severity) {
            changes.log(st, AlertLog.EVENT_DROP, e.createTime, e.id, null, e.description);
            counters.dropped.inc();
            alerts.put(e.dedupeMd5, st);
            changes.flush();
            return null;
        }
        if (abnormal) {
            Event top = a.event;
            AlertBuilder.converge(a, e, closeWindowSeconds);
            if (a.event == e) { // kept as the alert's newest event
                strings.share(e, top);
            }
            changes.log(st, AlertLog.CONVERGE, e.createTime, e.id, null, e.description);
            if (a.hasStrategy()) {
                Strategy s = strategies.byId(a.strategyId);
                st.marks =
                        RecoveryCheck.add(
                                st.marks, facts.anomalyTimes(), AlertChecks.windows(s, a));
                AlertChecks.scheduleCheck(st, s, st.lastCheck);
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

    /** A new alert from the event, after {@code previous} (ended, or null) of its fingerprint. */
    AlertState create(
            Event e,
            EventFacts facts,
            AlertState previous,
            StrategyLookup strategies,
            PendingChanges changes)
            throws Exception {
        Alert before = previous == null ? null : previous.alert;
        strings.share(e, before == null ? null : before.event);
        Alert a =
                AlertBuilder.create(
                        e,
                        before == null ? 0 : before.generation + 1,
                        before == null ? 0 : before.version,
                        closeWindowSeconds);
        AlertState st = new AlertState();
        st.alert = a;
        st.previousAlertId = before == null ? null : before.id;
        if (previous != null) {
            st.idWatch = previous.idWatch;
            FlapWatch.carry(previous, st);
        } else {
            eventIds.begin(st, e);
        }
        if (a.hasStrategy()) {
            Strategy s = strategies.byId(a.strategyId);
            st.strategyShape = s == null ? null : StrategyCloseCheck.shape(s);
            st.marks =
                    RecoveryCheck.add(new long[0], facts.anomalyTimes(), AlertChecks.windows(s, a));
            AlertChecks.scheduleCheck(st, s, e.time);
        }
        changes.log(st, AlertLog.CREATE, e.createTime, e.id, null, e.description);
        changes.alert(st);
        counters.created.inc();
        recoveries.onCreated(st, e, changes);
        return st;
    }

    /** §2.5, with the event's Kafka record time as "now". */
    private static boolean isExpired(Event e, EventFacts facts, Alert current) {
        long threshold = e.createTime - EXPIRE_SECONDS;
        if (current != null && !current.isAbnormal() && current.endTime != null) {
            threshold = Math.max(threshold, current.endTime - END_MARGIN_SECONDS);
        }
        return facts.accessTime() < threshold;
    }
}
