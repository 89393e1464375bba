package io.bkm.alarm.job.it;

import java.io.Serializable;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A count that every deserialized copy of its holder shares: all parallel instances of a test's
 * function or sink, and their restarts, count together (MiniCluster: same JVM). A count each copy
 * kept for itself would start again at every restart, and one per subtask lets two subtasks reach
 * the same threshold.
 */
final class SharedCount implements Serializable {
    private static final Map<String, AtomicInteger> COUNTS = new ConcurrentHashMap<>();

    private final String id = UUID.randomUUID().toString();

    private transient AtomicInteger count;

    /** Counts one more and returns the count. */
    int next() {
        return count().incrementAndGet();
    }

    /** The count so far. */
    int get() {
        return count().get();
    }

    private AtomicInteger count() {
        if (count == null) {
            count = COUNTS.computeIfAbsent(id, k -> new AtomicInteger());
        }
        return count;
    }
}
