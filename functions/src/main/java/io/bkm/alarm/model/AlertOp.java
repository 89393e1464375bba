package io.bkm.alarm.model;

/** A user operation on one alert from {@code bkm_alert_ops} (contract §2). */
public class AlertOp {
    public static final String ACK = "ack";
    public static final String UNACK = "unack";
    public static final String CLOSE = "close";

    public String op;
    public String alertId;
    public String operator;

    /** Epoch seconds: the operation's own time, else its Kafka record time. */
    public long time;

    public String reason;

    /** The record it came from, for the dead letter when the alert cannot take it. */
    public RawMessage source;

    public AlertOp() {}
}
