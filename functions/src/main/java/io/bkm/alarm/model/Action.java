package io.bkm.alarm.model;

/**
 * One notice to carry out (contract §5), to {@code bkm_action} and {@code bkfta_action_*}. Times
 * epoch seconds.
 */
public class Action {
    public static final String ABNORMAL = "abnormal";
    public static final String RECOVERED = "recovered";
    public static final String CLOSED = "closed";
    public static final String NO_DATA = "no_data";
    public static final String ACK = "ack";
    public static final String UPGRADE = "upgrade";
    public static final String UNSHIELD = "unshield";

    /** Deterministic: {@code {alert_id}.{signal}.{round}}, so a receiver can drop repeats. */
    public String id;

    public String alertId;
    public String signal;
    public String actionType = "notice";
    public String[] noticeWay;
    public String[] userGroups;

    /** Which notice of the alert for this signal: 1, then 2, 3, ... for repeats. */
    public int executeTimes;

    public boolean isUpgrade;
    public long createTime;

    /** An action never changes once written; the version guards the document like an alert's. */
    public long version = 1;

    public AlertSummary alert;

    public Action() {}
}
