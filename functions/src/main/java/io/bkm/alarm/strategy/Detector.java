package io.bkm.alarm.strategy;

import io.bkm.alarm.common.InvalidInputException;

/**
 * A level's detection algorithm over a window of a series (bk-monitor's detect step): the static
 * {@link Threshold} and the algorithms of the "fake events" (behaviour spec §1.1.9) that treat host
 * metrics as events.
 */
public interface Detector {
    boolean holds(DetectWindow w);

    /** The anomaly's message when it holds. */
    String describe(DetectWindow w);

    /** Whether it reads earlier windows of the series, which must then be kept. */
    default boolean needsHistory() {
        return false;
    }

    /** How far back it reads, seconds. */
    default long historySeconds() {
        return 0;
    }

    /**
     * The algorithm of one level. A type without a detector (GSE strategies use {@code ""}) holds
     * for every window: the record or window is the anomaly.
     */
    static Detector of(Strategy.Algorithm a) throws InvalidInputException {
        return switch (a.type == null ? "" : a.type) {
            case OsRestart.TYPE -> new OsRestart();
            case ProcPort.TYPE -> new ProcPort();
            case PingUnreachable.TYPE -> new PingUnreachable();
            default -> Threshold.of(a);
        };
    }
}
