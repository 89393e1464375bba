package io.bkm.alarm.model;

/**
 * A custom event with {@code event_type: recovery} that a custom-event strategy watches (behaviour
 * spec §1.2): the alert of the same dimensions recovers when it began no later than {@link #time}.
 * With a {@link #reason}, data reported again for a series with a no-data alert (§5.4).
 */
public class CustomEventRecovery {
    public long strategyId;
    public String dedupeMd5;

    /** Event time, epoch seconds. */
    public long time;

    /** Kafka time of the report, epoch seconds. */
    public long receivedAt;

    /**
     * Null for a custom event's recovery event; otherwise why another alert of a strategy ends:
     * {@link #NEW_DATA} for a no-data alert whose series reports again.
     */
    public String reason;

    public static final String NEW_DATA = "new data reported";

    public CustomEventRecovery() {}
}
