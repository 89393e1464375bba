package io.bkm.alarm.model;

/** One point of a custom time-series report: several metrics of one target at one time. */
public class TimeSeriesPoint {
    public long dataId;
    public String bkBizId;
    public String target;
    public Tag[] dimensions;
    public String[] metricNames;
    public double[] metricValues;
    public long timestampMs;
    public long receivedAt;

    public TimeSeriesPoint() {}
}
