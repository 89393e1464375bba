package io.bkm.alarm.model;

/**
 * One value bound to a strategy item, on its way into the item's {@code agg_interval} window: a
 * custom event (value 1, counted) or, later, a time-series point. {@link #anomaly} is the anomaly
 * the window becomes if an algorithm holds, without its levels' ids and messages yet.
 */
public class DetectSample {
    public AnomalyRecord anomaly;
    public double value;

    /** COUNT, SUM, AVG, MIN, MAX or LAST. */
    public String aggMethod;

    /** The item's algorithms as JSON, one per level of {@code anomaly.levels}. */
    public String[] algorithms;

    /** What is measured, for the description, e.g. {@code COUNT(login_failed)}. */
    public String metricLabel;

    /** Event time, epoch milliseconds. */
    public long timeMs;

    public String sourceTopic;
    public int sourcePartition;
    public long sourceOffset;

    public DetectSample() {}
}
