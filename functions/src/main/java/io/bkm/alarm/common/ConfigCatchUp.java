package io.bkm.alarm.common;

import io.bkm.alarm.model.RawMessage;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the compacted config topic ended when the job was started. Operators that bind records to
 * strategies hold records back until their broadcast side has read that far, so a fresh start binds
 * its first records with the whole configuration rather than with the shipped defaults.
 *
 * <p>A restored operator has its configuration in state and does not wait. Records are released
 * after {@code maxWaitMs} in any case: the last offset may be a transaction marker that is never
 * delivered, and a stuck config topic must not stop alerting.
 */
public final class ConfigCatchUp implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Nothing to wait for: inputs without a config topic, and tests. */
    public static final ConfigCatchUp NONE = new ConfigCatchUp(Map.of(), 0);

    /** Partition → end offset (exclusive) at start. */
    private final TreeMap<Integer, Long> endOffsets;

    private final long maxWaitMs;

    public ConfigCatchUp(Map<Integer, Long> endOffsets, long maxWaitMs) {
        this.endOffsets = new TreeMap<>(endOffsets);
        this.maxWaitMs = maxWaitMs;
    }

    public Map<Integer, Long> endOffsets() {
        return endOffsets;
    }

    /** The progress of one operator instance, started at processing time {@code now}. */
    public Progress start(boolean restored, long now) {
        return new Progress(restored || endOffsets.values().stream().allMatch(e -> e <= 0), now);
    }

    public final class Progress {
        private final Map<Integer, Long> seen = new HashMap<>();
        private final long deadline;
        private boolean done;

        private Progress(boolean done, long now) {
            this.done = done;
            this.deadline = now + maxWaitMs;
        }

        /** A config record read on the broadcast side. */
        public void read(RawMessage config) {
            if (!done) {
                seen.merge(config.partition, config.offset, Math::max);
                done =
                        endOffsets.entrySet().stream()
                                .allMatch(
                                        e ->
                                                e.getValue() <= 0
                                                        || seen.getOrDefault(e.getKey(), -1L)
                                                                >= e.getValue() - 1);
            }
        }

        /** Whether records may be bound now. */
        public boolean done(long now) {
            if (!done && now >= deadline) {
                done = true;
            }
            return done;
        }

        /** When waiting ends at the latest, processing time. */
        public long deadline() {
            return deadline;
        }
    }
}
