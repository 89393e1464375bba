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
    public static final String FLAPPING = "flapping";

    /** Action types: one alert's notice, or a summary of notices converged into one. */
    public static final String NOTICE = "notice";

    public static final String COLLECT = "collect";

    /** Deterministic: {@code {alert_id}.{signal}.{round}}, so a receiver can drop repeats. */
    public String id;

    public String alertId;
    public String signal;
    public String actionType = NOTICE;
    public String[] noticeWay;
    public String[] userGroups;

    /** Which notice of the alert for this signal: 1, then 2, 3, ... for repeats. */
    public int executeTimes;

    public boolean isUpgrade;
    public long createTime;

    /** An action never changes once written; the version guards the document like an alert's. */
    public long version = 1;

    /** For a notice folded into a summary: the summary's id; the notice itself is not sent. */
    public String convergeId;

    /**
     * For a summary ({@link #COLLECT}): {@code same_dimension} (several notices of one alert's
     * dimensions) or {@code business} (notices of many alerts of one business).
     */
    public String collectType;

    /** For a summary: how many notices it stands for, and the ids of the first of them. */
    public Integer convergedCount;

    public String[] convergedActions;

    /** For a summary: the alerts of the notices listed, in the order of their notices. */
    public String[] alertIds;

    /** The alert of the notice; of a summary, the alert of its first notice. */
    public AlertSummary alert;

    public Action() {}
}
