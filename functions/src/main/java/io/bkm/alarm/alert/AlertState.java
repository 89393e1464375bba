package io.bkm.alarm.alert;

import io.bkm.alarm.model.Alert;

/** The keyed state of one fingerprint: its current (or recently ended) alert and bookkeeping. */
public class AlertState {
    public Alert alert;

    /** The fingerprint's alert before this one, so an operation on it is known to be late. */
    public String previousAlertId;

    /** Logs written for this alert so far; numbers the log ids. */
    public long logCount;

    /**
     * What of the strategy the alert was raised under must not change (metrics, dimensions); null
     * for an alert without a known strategy.
     */
    public String strategyShape;

    /**
     * Anomaly data times of a strategy alert within the recovery horizon, ascending. A plain array
     * rather than a MapState: it is pruned to the horizon at every change, a few dozen entries at
     * most, and always read whole.
     */
    public long[] marks = new long[0];

    /** Epoch seconds of the last recovery check made, and of the next one (0: none). */
    public long lastCheck;

    public long nextCheck;

    /**
     * Flap detection ({@link FlapWatch}), carried from alert to alert of the fingerprint: when its
     * latest changes between abnormal and ended were made (epoch seconds, at most the flap count),
     * whether it flaps, and whether it was abnormal when its last change was counted.
     */
    public long[] flapChanges = new long[0];

    public boolean flapping;
    public boolean flapAbnormal;

    /** The key's {@link IdWatch} while this is its only alert state; null otherwise. */
    public IdWatch idWatch;

    public AlertState() {}
}
