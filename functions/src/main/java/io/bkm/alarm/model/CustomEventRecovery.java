package io.bkm.alarm.model;

/**
 * A custom event with {@code event_type: recovery} that a custom-event strategy watches (behaviour
 * spec §1.2): the alert of the same dimensions recovers when it began no later than {@link #time}.
 */
public class CustomEventRecovery {
    public long strategyId;
    public String dedupeMd5;

    /** Event time, epoch seconds. */
    public long time;

    /** Kafka time of the report, epoch seconds. */
    public long receivedAt;

    public CustomEventRecovery() {}
}
