package io.bkm.alarm.model;

/** One point of a custom time-series report: several metrics of one target at one time. */
public class TimeSeriesPoint implements Sourced {
    public long dataId;
    public String bkBizId;

    /**
     * What a metric name is appended to for its metric id: {@code
     * custom.{bk_biz_id}_bkmonitor_time_series_{data_id}.__default__} unless the data source says.
     */
    public String metricPrefix;

    public String target;
    public Tag[] dimensions;
    public String[] metricNames;
    public double[] metricValues;
    public long timestampMs;
    public long receivedAt;

    public String sourceTopic;
    public int sourcePartition;
    public long sourceOffset;

    public TimeSeriesPoint() {}

    @Override
    public void setSource(String topic, int partition, long offset) {
        sourceTopic = topic;
        sourcePartition = partition;
        sourceOffset = offset;
    }
}
