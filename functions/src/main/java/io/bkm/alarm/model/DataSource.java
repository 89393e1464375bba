package io.bkm.alarm.model;

/**
 * A custom report data source: which data id may report, with which token, and what (contract §2:
 * from {@code conf/} and {@code bkm_config} records {@code datasource:{data_id}}).
 */
public class DataSource implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    public static final String KIND_EVENT = "event";
    public static final String KIND_TIME_SERIES = "time_series";

    public long dataId;
    public String accessToken;

    /** {@link #KIND_EVENT} or {@link #KIND_TIME_SERIES}. */
    public String kind;

    public String bkBizId;
    public String name;

    /**
     * Time series: what metric names are appended to for their metric ids; null for bk-monitor's
     * custom table, {@code custom.{bk_biz_id}_bkmonitor_time_series_{data_id}.__default__}. Host
     * metrics (the fake events' {@code system.env.uptime}, ...) come with {@code bk_monitor}.
     */
    public String metricPrefix;

    public DataSource() {}

    public DataSource(long dataId, String accessToken, String kind, String bkBizId, String name) {
        this.dataId = dataId;
        this.accessToken = accessToken;
        this.kind = kind;
        this.bkBizId = bkBizId;
        this.name = name;
    }
}
