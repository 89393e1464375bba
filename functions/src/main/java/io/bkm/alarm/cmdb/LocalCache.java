package io.bkm.alarm.cmdb;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A bounded LRU with expiry in front of the CMDB cache, so a steady stream of known hosts costs
 * almost no Redis calls. Caches misses too, for a shorter time. Thread-safe: lookups complete on
 * client threads.
 */
public final class LocalCache {
    private static final String MISSING = "\u0000missing";

    private record Entry(String value, long expiresAt) {}

    private final long hitTtlMs;
    private final long missTtlMs;
    private final Map<String, Entry> map;
    private long hits;
    private long misses;

    public LocalCache(int capacity, long hitTtlMs, long missTtlMs) {
        this.hitTtlMs = hitTtlMs;
        this.missTtlMs = missTtlMs;
        this.map =
                new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, true) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                        return size() > capacity;
                    }
                };
    }

    /** Empty when not cached; a present Optional holding null when cached as "not found". */
    public synchronized Optional<Optional<String>> get(String key, long now) {
        Entry e = map.get(key);
        if (e == null || e.expiresAt() < now) {
            misses++;
            return Optional.empty();
        }
        hits++;
        return Optional.of(MISSING.equals(e.value()) ? Optional.empty() : Optional.of(e.value()));
    }

    public synchronized long hits() {
        return hits;
    }

    public synchronized long misses() {
        return misses;
    }

    public synchronized void put(String key, String value, long now) {
        map.put(
                key,
                new Entry(
                        value == null ? MISSING : value,
                        now + (value == null ? missTtlMs : hitTtlMs)));
    }
}
