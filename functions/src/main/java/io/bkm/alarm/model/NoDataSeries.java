package io.bkm.alarm.model;

/** What no-data detection keeps of one series (one set of no-data dimension values). */
public class NoDataSeries {
    public String bkBizId;
    public String dimensionsJson;

    /** The newest data time seen, epoch seconds; {@link Long#MIN_VALUE} for none yet. */
    public long lastPoint = Long.MIN_VALUE;

    /** The first check of the current no-data run, epoch seconds; 0 while data comes. */
    public long firstMissing;

    /** Named by the strategy's target (a host that must report) rather than seen in data. */
    public boolean fromTarget;

    public NoDataSeries() {}
}
