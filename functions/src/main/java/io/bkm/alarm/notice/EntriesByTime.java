package io.bkm.alarm.notice;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import org.apache.flink.api.common.state.MapState;

/**
 * Which entries of a keyed map state fall on which time, for map states whose entry keys start with
 * a time ({@code {time}:{rest}}): a window's or a second's entries are then read by their keys, not
 * found by scanning every entry the Flink key holds. With RocksDB a scan reads and decodes every
 * entry key, so in a catch-up, where a key holds many windows at once, each release read them all.
 *
 * <p>The index lives on the heap beside the state and is not part of checkpoints: a key's index is
 * built from its state by one scan the first time the key is touched after a start or a restore,
 * and kept, empty or not, until {@link #cleared}: a key whose notices come one at a time would
 * otherwise scan again for each. Entries must be added and taken through it.
 */
final class EntriesByTime<V> {
    private final MapState<String, V> state;
    private final ToLongFunction<String> timeOf;
    private final Map<String, TreeMap<Long, List<String>>> byKey = new HashMap<>();

    EntriesByTime(MapState<String, V> state, ToLongFunction<String> timeOf) {
        this.state = state;
        this.timeOf = timeOf;
    }

    /** Puts an entry of the current Flink key {@code key}. */
    void put(String key, String entryKey, V value) throws Exception {
        TreeMap<Long, List<String>> index = index(key);
        state.put(entryKey, value);
        index.computeIfAbsent(timeOf.applyAsLong(entryKey), t -> new ArrayList<>()).add(entryKey);
    }

    /**
     * Removes from the state and returns the entries of the current Flink key {@code key} whose
     * time is from {@code from} to {@code to}, both included, by entry key.
     */
    Map<String, V> take(String key, long from, long to) throws Exception {
        return take(key, from, to, v -> true);
    }

    /**
     * Removes from the state and returns the entries of the current Flink key {@code key} whose
     * time is from {@code from} to {@code to}, both included, and whose value passes {@code which},
     * by entry key. The others of that range are read and stay.
     */
    Map<String, V> take(String key, long from, long to, Predicate<V> which) throws Exception {
        TreeMap<Long, List<String>> index = index(key);
        NavigableMap<Long, List<String>> range = index.subMap(from, true, to, true);
        Map<String, V> out = new LinkedHashMap<>();
        Iterator<List<String>> it = range.values().iterator();
        while (it.hasNext()) {
            List<String> listed = it.next();
            Iterator<String> entries = listed.iterator();
            while (entries.hasNext()) {
                String entryKey = entries.next();
                // an entry put twice is listed twice and taken once
                V value = out.containsKey(entryKey) ? null : state.get(entryKey);
                if (value == null) {
                    entries.remove();
                } else if (which.test(value)) {
                    out.put(entryKey, value);
                    state.remove(entryKey);
                    entries.remove();
                }
            }
            if (listed.isEmpty()) {
                it.remove();
            }
        }
        return out;
    }

    /** The entry was removed from the state without {@link #take}. */
    void removed(String key, String entryKey) throws Exception {
        TreeMap<Long, List<String>> index = index(key);
        long time = timeOf.applyAsLong(entryKey);
        List<String> listed = index.get(time);
        if (listed != null) {
            listed.removeIf(entryKey::equals);
            if (listed.isEmpty()) {
                index.remove(time);
            }
        }
    }

    /** The key's entries were cleared from the state: its index goes with them. */
    void cleared(String key) {
        byKey.remove(key);
    }

    private TreeMap<Long, List<String>> index(String key) throws Exception {
        TreeMap<Long, List<String>> index = byKey.get(key);
        if (index == null) {
            index = new TreeMap<>();
            for (String entryKey : state.keys()) {
                index.computeIfAbsent(timeOf.applyAsLong(entryKey), t -> new ArrayList<>())
                        .add(entryKey);
            }
            byKey.put(key, index);
        }
        return index;
    }
}
