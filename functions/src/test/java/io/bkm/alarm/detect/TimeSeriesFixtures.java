package io.bkm.alarm.detect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.model.Tag;
import io.bkm.alarm.model.TimeSeriesPoint;
import io.bkm.alarm.strategy.Strategies;
import java.nio.file.Path;
import java.util.Map;

/**
 * A threshold strategy of business 5 over the custom time series of data id 1572950, the shipped
 * fake-event strategies, and points to feed them.
 */
public final class TimeSeriesFixtures {
    public static final long T0 = CustomEventFixtures.T0;
    public static final long DATA_ID = 1572950;
    public static final String METRIC =
            "custom.5_bkmonitor_time_series_1572950.__default__.cpu_load";

    private TimeSeriesFixtures() {}

    /** The strategies in {@code conf/strategies}, as the job ships them. */
    public static Map<Long, String> shipped() throws Exception {
        return Strategies.load(Path.of("../conf/strategies"));
    }

    /**
     * "CPU load": the average per minute by target; above 4 a warning (level 2), above 8 fatal
     * (level 1); each triggers at once.
     */
    public static ObjectNode strategy() throws Exception {
        return (ObjectNode)
                Json.MAPPER.readTree(
                        """
                        {"id": 7101, "bk_biz_id": 5, "name": "CPU load", "scenario": "os",
                         "items": [{"id": 8101, "name": "cpu_load",
                           "metric_ids": ["%s"],
                           "data_type": "time_series", "agg_interval": 60, "agg_method": "AVG",
                           "agg_dimension": ["target"],
                           "agg_condition": [{"key": "env", "method": "eq", "value": ["prod"]}],
                           "algorithms": [
                             {"level": 2, "type": "Threshold",
                              "config": [[{"method": "gt", "threshold": 4}]]},
                             {"level": 1, "type": "Threshold",
                              "config": [[{"method": "gt", "threshold": 8}]]}]}],
                         "detects": [
                           {"level": 1, "trigger_config": {"count": 1, "check_window": 1},
                            "recovery_config": {"check_window": 3}},
                           {"level": 2, "trigger_config": {"count": 1, "check_window": 1},
                            "recovery_config": {"check_window": 3}}]}
                        """
                                .formatted(METRIC));
    }

    /** A custom time-series point of cpu_load for {@code target} in environment prod. */
    public static TimeSeriesPoint cpuLoad(long timeMs, String target, double value) {
        TimeSeriesPoint p = point(timeMs, "cpu_load", value);
        p.target = target;
        p.dimensions = new Tag[] {new Tag("env", "prod")};
        return p;
    }

    /** A host metric under the {@code bk_monitor} prefix, as a host-metrics data source sends. */
    public static TimeSeriesPoint hostMetric(long timeMs, String ip, String name, double value) {
        TimeSeriesPoint p = point(timeMs, name, value);
        p.metricPrefix = "bk_monitor";
        p.target = ip;
        p.dimensions =
                new Tag[] {
                    new Tag("bk_target_ip", ip),
                    new Tag("bk_target_cloud_id", "0"),
                    new Tag("bk_biz_id", "2")
                };
        return p;
    }

    private static TimeSeriesPoint point(long timeMs, String name, double value) {
        TimeSeriesPoint p = new TimeSeriesPoint();
        p.dataId = DATA_ID;
        p.bkBizId = "5";
        p.metricNames = new String[] {name};
        p.metricValues = new double[] {value};
        p.timestampMs = timeMs;
        p.receivedAt = timeMs / 1000 + 1;
        p.setSource("bkm_timeseries", 0, timeMs % 1000);
        return p;
    }
}
