package io.bkm.alarm.model;

/**
 * A user operation on one alert from {@code bkm_alert_ops} (contract §2), or the job's own release
 * of an alert from flow control, which comes back to the alert state through Kafka.
 */
public class AlertOp {
    public static final String ACK = "ack";
    public static final String UNACK = "unack";
    public static final String CLOSE = "close";
    public static final String QOS_RELEASE = "qos_release";

    public String op;
    public String alertId;

    /**
     * The alert's fingerprint, when the sender knows it: what routes the operation to an alert
     * whose id is not one of this job's, such as one carried over from bk-monitor.
     */
    public String dedupeMd5;

    public String operator;

    /** Epoch seconds: the operation's own time, else its Kafka record time. */
    public long time;

    public String reason;

    /** The record it came from, for the dead letter when the alert cannot take it. */
    public RawMessage source;

    public AlertOp() {}
}
