package io.bkm.alarm.model;

/**
 * A point of an item with no-data detection, reduced to the item's {@code no_data_config}
 * dimensions: that series has data at {@link #time}.
 */
public class NoDataSeen {
    public long strategyId;
    public String bkBizId;

    /** Fingerprint of {@link #dimensionsJson}. */
    public String md5;

    /** The no-data dimensions with {@code __NO_DATA_DIMENSION__: true}, as a JSON object. */
    public String dimensionsJson;

    /** Data time, epoch seconds. */
    public long time;

    /** Kafka time of the report, epoch seconds. */
    public long receivedAt;

    public NoDataSeen() {}
}
