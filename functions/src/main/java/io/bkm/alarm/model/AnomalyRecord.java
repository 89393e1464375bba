package io.bkm.alarm.model;

/**
 * A record bound to one strategy and found anomalous (behaviour spec §1.1.10 step 5): what the
 * trigger counts, and everything the monitor event it may become needs. Levels, anomaly ids,
 * messages and trigger settings are parallel arrays, most severe level first.
 */
public class AnomalyRecord {
    public long strategyId;
    public long itemId;
    public String bkBizId;
    public String strategyName;
    public String scenario;
    public String dataType;
    public String[] metricIds;
    public String itemName;

    /** Fingerprint of the record's dimensions; with the time, the record id. */
    public String md5Dimension;

    /** Data time, epoch seconds. */
    public long time;

    /** Kafka time of the input, epoch seconds: the trigger's "now", so replays match. */
    public long receivedAt;

    public int[] levels;
    public String[] anomalyIds;
    public String[] messages;
    public int[] triggerCounts;
    public int[] triggerWindows;

    /** Seconds per window slot (the item's {@code agg_interval}). */
    public int unit;

    /** The record's dimensions as a JSON object, in bk-monitor's order. */
    public String dimensionsJson;

    public String[] dimensionFields;

    /** Shown but not deduplicated on, as a JSON object. */
    public String additionalDimensionsJson;

    /** The resolved host, when the record is about one. */
    public HostInfo host;

    /** The window's aggregate for a detected window; null for a GSE record or no data. */
    public Double value;

    /** A no-data anomaly (behaviour spec §5.4): its event's name gets the no-data prefix. */
    public boolean noData;

    public AnomalyRecord() {}

    /**
     * The same strategy, item and dimensions at another time, without levels, ids or messages: a
     * window's anomaly from the first sample of the window.
     */
    public AnomalyRecord at(long time, long receivedAt) {
        AnomalyRecord a = new AnomalyRecord();
        a.strategyId = strategyId;
        a.itemId = itemId;
        a.bkBizId = bkBizId;
        a.strategyName = strategyName;
        a.scenario = scenario;
        a.dataType = dataType;
        a.metricIds = metricIds;
        a.itemName = itemName;
        a.md5Dimension = md5Dimension;
        a.time = time;
        a.receivedAt = receivedAt;
        a.unit = unit;
        a.dimensionsJson = dimensionsJson;
        a.dimensionFields = dimensionFields;
        a.additionalDimensionsJson = additionalDimensionsJson;
        a.host = host;
        a.noData = noData;
        return a;
    }

    public String recordId() {
        return md5Dimension + "." + time;
    }
}
