package io.bkm.alarm.alert;

import io.bkm.alarm.fingerprint.Fingerprint;
import io.bkm.alarm.model.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.Counter;

/**
 * The event ids a key has seen (the role of Elasticsearch's create conflicts in §4.3), each for a
 * while of record time, and the {@link IdWatch} that proves most ids new without looking them up. A
 * key's watch lives in its only alert state, or in the key while it holds none.
 *
 * <p>Keeps, per input, whether an id was remembered and whether the watch of the event's state
 * moved (then the state must be written).
 */
final class EventIds {
    private final MapState<Long, Long> ids;
    private final ValueState<IdWatch> keyWatch;
    private final AlertStore alerts;
    private final long heldSeconds;
    private final Counter lookupsSaved;

    private boolean remembered;
    private boolean watchMoved;

    /**
     * The key held nothing when this input began, on the heap or in the state backend: no alert
     * state, no id, no watch. Then none of them is looked for: going over a key's map state is a
     * seek in every sorted run of RocksDB, where a point lookup is answered by bloom filters.
     */
    private boolean keyEmpty;

    EventIds(
            MapState<Long, Long> ids,
            ValueState<IdWatch> keyWatch,
            AlertStore alerts,
            long heldSeconds,
            Counter lookupsSaved) {
        this.ids = ids;
        this.keyWatch = keyWatch;
        this.alerts = alerts;
        this.heldSeconds = heldSeconds;
        this.lookupsSaved = lookupsSaved;
    }

    /** A new input begins. */
    void reset() {
        remembered = false;
        watchMoved = false;
        keyEmpty = false;
    }

    /** The key held nothing when this input began: its ids and alert states are not looked for. */
    void keyHoldsNothing() {
        keyEmpty = true;
    }

    /** Whether this input remembered an event id. */
    boolean remembered() {
        return remembered;
    }

    /** Whether this input moved the watch of the event's alert state. */
    boolean watchMoved() {
        return watchMoved;
    }

    /**
     * Whether the event's id is new to its key; remembers it if so.
     *
     * @param watch whether the state's watch may prove it new (off only in tests)
     */
    boolean firstSeen(Event e, AlertState st, boolean watch) throws Exception {
        long id = hash(e.id);
        IdWatch w = st == null ? null : st.idWatch;
        if (watch && w != null && w.provesNew(e)) {
            lookupsSaved.inc();
        } else if (!keyEmpty) {
            Long at = ids.get(id);
            if (at != null && at + heldSeconds > e.createTime) {
                return false;
            }
            if (st == null) {
                tellWatch(e);
            }
        }
        ids.put(id, e.createTime);
        remembered = true;
        watchMoved = w != null && w.remembered(e.time);
        return true;
    }

    /** An event of a fingerprint without alert state: the key's watch, if any, learns its id. */
    private void tellWatch(Event e) throws Exception {
        IdWatch w = keyWatch.value();
        if (w != null) {
            if (w.remembered(e.time)) {
                keyWatch.update(w);
            }
            return; // the key holds no alert state
        }
        for (AlertState other : alerts.values()) {
            if (other.idWatch != null) {
                if (other.idWatch.remembered(e.time)) {
                    alerts.put(other.alert.dedupeMd5, other);
                }
                return; // the key's only alert state
            }
        }
    }

    /**
     * A fingerprint's first alert state (none held before it) takes its key's watch if it is the
     * key's only one, or begins one that counts once the ids remembered before have expired; a
     * second alert state in the key ends the watch.
     */
    void begin(AlertState st, Event e) throws Exception {
        if (keyEmpty) {
            st.idWatch = IdWatch.of(Long.MIN_VALUE, e.time); // its own id is the key's only one
            return;
        }
        List<AlertState> others = alerts.values();
        if (!others.isEmpty()) {
            for (AlertState other : others) {
                if (other.idWatch != null) {
                    other.idWatch = null;
                    alerts.put(other.alert.dedupeMd5, other);
                }
            }
            return;
        }
        st.idWatch = keyWatch.value();
        if (st.idWatch != null) {
            keyWatch.clear();
            return;
        }
        long own = hash(e.id);
        long from = Long.MIN_VALUE;
        for (Map.Entry<Long, Long> id : ids.entries()) {
            if (id.getKey() != own) {
                from = Math.max(from, id.getValue() + heldSeconds);
            }
        }
        st.idWatch = IdWatch.of(from, e.time);
    }

    /** The key's only alert state is forgotten: its watch stays with the key while ids remain. */
    void handOver(AlertState st) throws Exception {
        if (st.idWatch != null && !ids.isEmpty()) {
            keyWatch.update(st.idWatch);
        }
    }

    /**
     * Forgets the ids held long enough.
     *
     * @return when the next one is due, or {@link Long#MAX_VALUE} if none is left
     */
    long forget(long now) throws Exception {
        long next = forget(ids, heldSeconds, now);
        if (next == Long.MAX_VALUE) {
            keyWatch.clear(); // no id left to watch
        }
        return next;
    }

    /**
     * Removes the entries of a map of times held {@code heldSeconds} by {@code now}.
     *
     * @return when the next one is due, or {@link Long#MAX_VALUE} if none is left
     */
    static <K> long forget(MapState<K, Long> held, long heldSeconds, long now) throws Exception {
        long next = Long.MAX_VALUE;
        List<K> old = new ArrayList<>();
        for (Map.Entry<K, Long> e : held.entries()) {
            if (e.getValue() + heldSeconds <= now) {
                old.add(e.getKey());
            } else {
                next = Math.min(next, e.getValue() + heldSeconds);
            }
        }
        for (K key : old) {
            held.remove(key);
        }
        return next;
    }

    /** The key an event id has in the event-id state (also what the floor benchmark stores). */
    static long hash(String id) {
        String hex = id != null && id.length() >= 16 ? id : Fingerprint.ofScalar(id);
        try {
            return Long.parseUnsignedLong(hex.substring(0, 16), 16);
        } catch (NumberFormatException e) {
            return Long.parseUnsignedLong(Fingerprint.ofScalar(id).substring(0, 16), 16);
        }
    }
}
