package io.bkm.alarm.common;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/**
 * A keyed {@link ValueState}'s values of the keys used lately, held on the heap in front of the
 * state backend and written back when a checkpoint begins: a value read and written again at every
 * input costs a RocksDB lookup, a deserialization, a serialization and a write each time, of which
 * only the last write before a checkpoint counts.
 *
 * <p>What the store hands out it holds, as the heap state backend does: a change made to a value
 * that is not put back still shows. Its user puts back what it changes, as it must on RocksDB.
 *
 * <p>At most {@code capacity} keys are held; the least recently used leaves first, written back
 * under its own key through the {@link KeyScope} its operator gives. The operator writes every
 * changed value back before each checkpoint barrier.
 *
 * @param <T> the state's type
 */
public final class HeldValues<T> {
    /** One key's value; {@code changed} until written back. A cleared value is held as null. */
    private static final class Held<T> {
        final String key;
        T value;
        boolean changed;

        /** In {@code dirty}, waiting for the next write-back. */
        boolean listed;

        Held(String key) {
            this.key = key;
        }
    }

    private final ValueState<T> state;
    private final int capacity;
    private final LinkedHashMap<String, Held<T>> held = new LinkedHashMap<>(1024, 0.75f, true);

    /** The keys changed since the last write-back, so a checkpoint visits those only. */
    private final List<Held<T>> dirty = new ArrayList<>();

    private KeyScope scope;
    private Held<T> current;

    /**
     * Reads from the state backend, and keys pushed out: how an SRE sees the store is too small.
     */
    private final Counter reads;

    private final Counter evictions;

    /**
     * @param metrics where {@code <name>_reads}, {@code <name>_evicted} and {@code <name>_held} go
     */
    public HeldValues(ValueState<T> state, int capacity, MetricGroup metrics, String name) {
        if (capacity < 1) {
            throw new IllegalArgumentException("the store holds at least one key: " + capacity);
        }
        this.state = state;
        this.capacity = capacity;
        reads = metrics.counter(name + "_reads");
        evictions = metrics.counter(name + "_evicted");
        metrics.gauge(name + "_held", (Gauge<Integer>) held::size);
    }

    /** How keys other than the current one are written back; set by the operator. */
    public void scope(KeyScope scope) {
        this.scope = scope;
    }

    /** The keyed state backend is now at {@code key}: what follows reads and writes its value. */
    public void use(String key) throws Exception {
        if (scope == null) {
            throw new IllegalStateException(
                    "held values are written back by an operator that sets the store's key scope");
        }
        if (current != null && current.key.equals(key)) {
            return;
        }
        current = held.get(key);
        if (current == null) {
            current = new Held<>(key);
            current.value = state.value();
            reads.inc();
            held.put(key, current);
            evict();
        }
    }

    public T value() {
        return current.value;
    }

    public void update(T value) {
        current.value = value;
        changed();
    }

    public void clear() {
        current.value = null;
        changed();
    }

    private void changed() {
        current.changed = true;
        if (!current.listed) {
            current.listed = true;
            dirty.add(current);
            if (dirty.size() > 2 * capacity) {
                // without checkpoints the list would grow: drop what evictions already wrote
                dirty.removeIf(
                        h -> {
                            h.listed = h.changed;
                            return !h.changed;
                        });
            }
        }
    }

    /** Writes every changed value to the state backend, as a checkpoint must find it. */
    public void writeBack() throws Exception {
        for (Held<T> h : dirty) {
            h.listed = false;
            // a key pushed out since was written then
            if (h.changed) {
                scope.run(h.key, () -> write(h));
            }
        }
        dirty.clear();
    }

    /** How many reads reached the state backend; for tests. */
    public long reads() {
        return reads.getCount();
    }

    private void write(Held<T> h) throws Exception {
        if (h.value == null) {
            state.clear();
        } else {
            state.update(h.value);
        }
        h.changed = false;
    }

    private void evict() throws Exception {
        Iterator<Map.Entry<String, Held<T>>> eldest = held.entrySet().iterator();
        while (held.size() > capacity) {
            Held<T> h = eldest.next().getValue();
            if (h == current) {
                continue;
            }
            if (h.changed) {
                scope.run(h.key, () -> write(h));
            }
            eldest.remove();
            evictions.inc();
        }
    }
}
