package io.bkm.alarm.model;

/** What the notice operator keeps of one alert: what it was told, and when to repeat. */
public class NoticeState {
    /** The severity last notified as abnormal; 0 before the first notice. */
    public int notifiedSeverity;

    public boolean ackNoticed;

    /** Abnormal (or no-data) notices sent so far: the round of the next is one more. */
    public int executeTimes;

    /** When the last abnormal notice went out, epoch seconds. */
    public long lastNoticeTime;

    /** The alert's latest_time at the last abnormal notice: a repeat needs newer events. */
    public long noticedLatestTime;

    /** The processing-time timer of the next repeat, ms; 0 for none. */
    public long repeatTimer;

    /** A repeat came due while no new event had arrived: the next new event sends it. */
    public boolean repeatDue;

    /** Upgrade notices sent: the index of the next upgrade group. */
    public int upgrades;

    /** When the last upgrade notice went out, epoch seconds. */
    public long lastUpgradeTime;

    /** The processing-time timer of the next upgrade, ms; 0 for none. */
    public long upgradeTimer;

    /** The alert as last seen. */
    public AlertSummary alert;

    public boolean recovering;
    public boolean noData;

    /** Whether the alert was shielded as last seen. */
    public boolean shielded;

    /** The last notice due was held back by a shield: its end sends an unshield notice. */
    public boolean suppressed;

    /** The shield ended while the alert was recovering: the unshield notice waits for its end. */
    public boolean unshieldPending;

    /**
     * Every abnormal notice so far was held back by a shield: the alert's end is told nobody, as
     * they never heard of it.
     */
    public boolean neverSent;

    public NoticeState() {}
}
