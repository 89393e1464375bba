package io.bkm.alarm.model;

/** One event of a custom event report (behaviour spec §1.2), after its data source was checked. */
public class CustomEventRecord implements Sourced {
    public long dataId;
    public String bkBizId;
    public String eventName;
    public String content;
    public String target;
    public Tag[] dimensions;

    /** Milliseconds; the record's receive time when the report left it out. */
    public long timestampMs;

    /** {@code dimension.event_type == "recovery"}. */
    public boolean recovery;

    public long receivedAt;

    public String sourceTopic;
    public int sourcePartition;
    public long sourceOffset;

    public CustomEventRecord() {}

    @Override
    public void setSource(String topic, int partition, long offset) {
        sourceTopic = topic;
        sourcePartition = partition;
        sourceOffset = offset;
    }
}
