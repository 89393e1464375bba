package io.bkm.alarm.alert;

import java.io.Serializable;

/**
 * The alert state's settings ({@code alert.*}): how long things last, bk-monitor's constants by
 * default; when a fingerprint flaps: {@code flapCount} changes between abnormal and ended within
 * {@code flapWindowSeconds} (0 changes: never); the time zone shields' local times are in; and how
 * many keys' alert states a subtask holds on the heap.
 */
public record AlertStateSettings(
        long closeWindowSeconds,
        long retainEndedSeconds,
        long eventIdSeconds,
        String shieldTimeZone,
        int heldKeys,
        int flapCount,
        long flapWindowSeconds)
        implements Serializable {
    /** How many keys' alert states a subtask holds on the heap by default. */
    public static final int HELD_KEYS = 100_000;

    public static final int FLAP_COUNT = 4;
    public static final long FLAP_WINDOW_SECONDS = 1800;

    public static AlertStateSettings defaults() {
        // CLOSE_WINDOW_SIZE; the 2 h content cache; the 24 h expiry horizon plus an hour;
        // bk-monitor's default TIME_ZONE
        return new AlertStateSettings(
                AlertBuilder.CLOSE_WINDOW_SECONDS,
                7200,
                90_000,
                "Asia/Shanghai",
                HELD_KEYS,
                FLAP_COUNT,
                FLAP_WINDOW_SECONDS);
    }

    /** These times with another number of held keys. */
    public AlertStateSettings withHeldKeys(int keys) {
        return new AlertStateSettings(
                closeWindowSeconds,
                retainEndedSeconds,
                eventIdSeconds,
                shieldTimeZone,
                keys,
                flapCount,
                flapWindowSeconds);
    }

    /** These times with another flap rule. */
    public AlertStateSettings withFlapping(int count, long windowSeconds) {
        return new AlertStateSettings(
                closeWindowSeconds,
                retainEndedSeconds,
                eventIdSeconds,
                shieldTimeZone,
                heldKeys,
                count,
                windowSeconds);
    }
}
