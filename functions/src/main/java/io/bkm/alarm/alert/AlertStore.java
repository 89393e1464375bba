package io.bkm.alarm.alert;

import io.bkm.alarm.common.KeyScope;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/**
 * The alert states of the keys used lately, held on the heap in front of their {@code alerts}
 * MapState and written back when a checkpoint begins (#6). Every event reads and writes its alert;
 * on RocksDB that read and its deserialization were half of the alert operator's time, and an alert
 * is usually written several times between two checkpoints, of which only the last counts.
 *
 * <p>What the store hands out it holds, as the heap state backend does: a change made to a state
 * that is not put back still shows. The function puts back what it changes, as it must on RocksDB.
 *
 * <p>A fingerprint's state is looked up when first asked for, all of its key's when they are first
 * gone over; either way a state already held is kept, so lookups and iteration see the same
 * objects. At most {@code capacity} keys are held; the least recently used leaves first, written
 * back under its own key by the {@link KeyScope} the operator gives.
 */
final class AlertStore {
    /**
     * One key's alert states and the fingerprints changed since they were last written; {@code
     * whole} once every state of the key is held (until then a fingerprint not held is looked up).
     */
    private static final class Held {
        final String key;
        final Map<String, AlertState> states = new HashMap<>(4);
        final Set<String> changed = new HashSet<>(4);
        boolean whole;

        /** In {@code dirty}, waiting for the next write-back. */
        boolean listed;

        Held(String key) {
            this.key = key;
        }
    }

    private final MapState<String, AlertState> state;
    private final int capacity;
    private final LinkedHashMap<String, Held> held = new LinkedHashMap<>(1024, 0.75f, true);

    /**
     * The keys changed since the last write-back, so that a checkpoint visits those and not every
     * key held (most are not changed between two checkpoints, and going over all of them is a cache
     * miss each).
     */
    private final List<Held> dirty = new ArrayList<>();

    private KeyScope scope;
    private String key;
    private Held current;

    /**
     * Reads from the state backend, and keys pushed out: how an SRE sees the store is too small.
     */
    private final Counter reads;

    private final Counter evictions;

    AlertStore(MapState<String, AlertState> state, int capacity, MetricGroup metrics) {
        if (capacity < 1) {
            throw new IllegalArgumentException("the store holds at least one key: " + capacity);
        }
        this.state = state;
        this.capacity = capacity;
        reads = metrics.counter("alert_state_reads");
        evictions = metrics.counter("alert_keys_evicted");
        metrics.gauge("alert_keys_held", (Gauge<Integer>) held::size);
    }

    /** How keys other than the current one are written back; set by the operator. */
    void scope(KeyScope scope) {
        this.scope = scope;
    }

    /** The keyed state backend is now at {@code key}: what follows reads and writes its states. */
    void use(String key) throws Exception {
        if (scope == null) {
            throw new IllegalStateException(
                    "alert states are written back by AlertStateOperator, which runs this"
                            + " function");
        }
        if (key.equals(this.key) && current != null) {
            return;
        }
        this.key = key;
        current = held.get(key);
        if (current == null) {
            current = new Held(key);
            held.put(key, current);
            evict();
        }
    }

    AlertState get(String fingerprint) throws Exception {
        AlertState st = current.states.get(fingerprint);
        if (st == null && !current.whole && !current.changed.contains(fingerprint)) {
            // a point lookup: bloom filters answer most misses, which an iterator cannot use
            st = state.get(fingerprint);
            reads.inc();
            if (st != null) {
                current.states.put(fingerprint, st);
            }
        }
        return st;
    }

    void put(String fingerprint, AlertState st) {
        current.states.put(fingerprint, st);
        changed(fingerprint);
    }

    void remove(String fingerprint) {
        current.states.remove(fingerprint);
        changed(fingerprint);
    }

    private void changed(String fingerprint) {
        current.changed.add(fingerprint);
        if (!current.listed) {
            current.listed = true;
            dirty.add(current);
            if (dirty.size() > 2 * capacity) {
                forgetWritten();
            }
        }
    }

    /**
     * Drops the listed keys already written when they were pushed out. Without it the list would
     * grow for as long as no checkpoint comes (a job run without checkpoints, one that never
     * completes): at most {@code capacity} + 1 listed keys are still held, so this runs rarely.
     */
    private void forgetWritten() {
        dirty.removeIf(
                h -> {
                    if (h.changed.isEmpty()) {
                        h.listed = false;
                        return true;
                    }
                    return false;
                });
    }

    /**
     * The key's states; a copy of the list, so the caller may put and remove while going over it.
     */
    List<AlertState> values() throws Exception {
        if (!current.whole) {
            reads.inc();
            for (Map.Entry<String, AlertState> e : state.entries()) {
                // what is held may be newer than what was written, or removed since
                if (!current.changed.contains(e.getKey())) {
                    current.states.putIfAbsent(e.getKey(), e.getValue());
                }
            }
            current.whole = true;
        }
        return new ArrayList<>(current.states.values());
    }

    /** Writes every changed state to the state backend, as a checkpoint must find it. */
    void writeBack() throws Exception {
        for (Held h : dirty) {
            h.listed = false;
            // a key pushed out since was written then
            if (!h.changed.isEmpty()) {
                scope.run(h.key, () -> write(h));
            }
        }
        dirty.clear();
    }

    /**
     * Writes back and holds nothing more, for code that reads the state backend directly (the
     * broadcast side's {@code applyToKeyedState}).
     */
    void writeBackAndForget() throws Exception {
        writeBack();
        held.clear();
        key = null;
        current = null;
    }

    /** How many keys are held; for tests. */
    int size() {
        return held.size();
    }

    /** How many keys wait for the next write-back, written ones not yet forgotten; for tests. */
    int listed() {
        return dirty.size();
    }

    /** How many lookups and scans reached the state backend; for tests. */
    long reads() {
        return reads.getCount();
    }

    /** How many keys were pushed out; for tests. */
    long evictions() {
        return evictions.getCount();
    }

    private void write(Held h) throws Exception {
        for (String fingerprint : h.changed) {
            AlertState st = h.states.get(fingerprint);
            if (st == null) {
                state.remove(fingerprint);
            } else {
                state.put(fingerprint, st);
            }
        }
        h.changed.clear();
    }

    private void evict() throws Exception {
        Iterator<Map.Entry<String, Held>> eldest = held.entrySet().iterator();
        while (held.size() > capacity) {
            Map.Entry<String, Held> e = eldest.next();
            if (e.getValue() == current) {
                continue;
            }
            Held h = e.getValue();
            if (!h.changed.isEmpty()) {
                scope.run(e.getKey(), () -> write(h));
            }
            eldest.remove();
            evictions.inc();
        }
    }
}
