package io.bkm.alarm.model;

/** What a notice tells of its alert. */
public class AlertSummary {
    public String id;
    public String alertName;
    public String bkBizId;
    public Long strategyId;
    public String dedupeMd5;
    public Integer severity;
    public String status;
    public String description;
    public Long beginTime;
    public Long latestTime;
    public boolean isAck;

    public AlertSummary() {}

    public static AlertSummary of(Alert a) {
        AlertSummary s = new AlertSummary();
        s.id = a.id;
        s.alertName = a.alertName;
        s.bkBizId = a.bkBizId;
        s.strategyId = a.strategyId;
        s.dedupeMd5 = a.dedupeMd5;
        s.severity = a.severity;
        s.status = a.status;
        s.description = a.event == null ? null : a.event.description;
        s.beginTime = a.beginTime;
        s.latestTime = a.latestTime;
        s.isAck = Boolean.TRUE.equals(a.isAck);
        return s;
    }
}
