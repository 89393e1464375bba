package io.bkm.alarm.model;

/** One alert log document of {@code bkfta_log_alert} (behaviour spec §8). Times epoch seconds. */
public class AlertLog {
    public static final String CREATE = "CREATE";
    public static final String CONVERGE = "CONVERGE";
    public static final String RECOVER = "RECOVER";
    public static final String CLOSE = "CLOSE";
    public static final String RECOVERING = "RECOVERING";
    public static final String ABORT_RECOVER = "ABORT_RECOVER";
    public static final String SYSTEM_CLOSE = "SYSTEM_CLOSE";
    public static final String ACK = "ACK";
    public static final String EVENT_DROP = "EVENT_DROP";
    public static final String FLAPPING = "FLAPPING";
    public static final String FLAPPING_END = "FLAPPING_END";

    /** Something done about the alert outside its state: here, a notice converged. */
    public static final String ACTION = "ACTION";

    /**
     * Deterministic: {@code {alert_id}.{op_type}.{n}}, n counting the alert's logs; a log written
     * outside the alert state follows from what it logs, e.g. {@code {notice id}.ACTION}.
     */
    public String id;

    public String alertId;
    public Long createTime;
    public String opType;
    public String operator;
    public Long time;
    public String eventId;
    public String description;
    public String status;
    public Integer severity;
    public String nextStatus;
    public Long nextStatusTime;

    public AlertLog() {}
}
