package io.bkm.alarm.bind;

import static io.bkm.alarm.detect.CustomEventFixtures.config;
import static io.bkm.alarm.detect.TimeSeriesFixtures.T0;
import static io.bkm.alarm.detect.TimeSeriesFixtures.cpuLoad;
import static io.bkm.alarm.detect.TimeSeriesFixtures.hostMetric;
import static io.bkm.alarm.detect.TimeSeriesFixtures.shipped;
import static io.bkm.alarm.detect.TimeSeriesFixtures.strategy;
import static org.assertj.core.api.Assertions.assertThat;

import io.bkm.alarm.detect.TimeSeriesFixtures;
import io.bkm.alarm.detect.WindowAggregate;
import io.bkm.alarm.model.DetectSample;
import io.bkm.alarm.model.RawMessage;
import io.bkm.alarm.model.Tag;
import io.bkm.alarm.model.TimeSeriesPoint;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TimeSeriesBindFunctionTest {
    private BroadcastOperatorTestHarness<TimeSeriesPoint, RawMessage, DetectSample> h;

    @BeforeEach
    void open() throws Exception {
        h = BindHarness.of(new TimeSeriesBindFunction(shipped(), 1 << 20));
        h.processBroadcastElement(config(strategy()), 0);
    }

    @AfterEach
    void close() throws Exception {
        h.close();
    }

    private List<DetectSample> bind(TimeSeriesPoint p) throws Exception {
        h.getOutput().clear();
        h.processElement(p, 0);
        return new ArrayList<>(h.extractOutputValues());
    }

    @Test
    void aCustomMetricBindsByBkMonitorsMetricIdWithTheItemsAggregate() throws Exception {
        List<DetectSample> out = bind(cpuLoad(T0 * 1000 + 7_000, "10.0.0.1", 5.5));
        assertThat(out).hasSize(1);
        DetectSample s = out.get(0);
        assertThat(s.value).isEqualTo(5.5);
        assertThat(s.aggMethod).isEqualTo(WindowAggregate.AVG);
        assertThat(s.metricLabel).isEqualTo("AVG(cpu_load)");
        assertThat(s.anomaly.strategyId).isEqualTo(7101);
        assertThat(s.anomaly.dataType).isEqualTo("time_series");
        assertThat(s.anomaly.metricIds).containsExactly(TimeSeriesFixtures.METRIC);
        assertThat(s.anomaly.dimensionsJson).isEqualTo("{\"target\":\"10.0.0.1\"}");
        assertThat(s.anomaly.levels).containsExactly(2, 1);
        assertThat(s.sourceTopic).isEqualTo("bkm_timeseries");
    }

    @Test
    void pointsOutsideTheConditionOrOfAnotherMetricOrBusinessAreNotBound() throws Exception {
        TimeSeriesPoint staging = cpuLoad(T0 * 1000, "10.0.0.1", 9);
        staging.dimensions = new Tag[] {new Tag("env", "staging")};
        assertThat(bind(staging)).isEmpty();
        TimeSeriesPoint other = cpuLoad(T0 * 1000, "10.0.0.1", 9);
        other.metricNames = new String[] {"mem_used"};
        assertThat(bind(other)).isEmpty();
        TimeSeriesPoint elsewhere = cpuLoad(T0 * 1000, "10.0.0.1", 9);
        elsewhere.dataId = 1572951; // another data source: another table, another metric id
        assertThat(bind(elsewhere)).isEmpty();
    }

    @Test
    void eachMetricOfAPointIsBoundOnItsOwn() throws Exception {
        TimeSeriesPoint p = cpuLoad(T0 * 1000, "10.0.0.1", 3);
        p.metricNames = new String[] {"mem_used", "cpu_load"};
        p.metricValues = new double[] {70, 3};
        assertThat(bind(p)).extracting(s -> s.value).containsExactly(3.0);
    }

    @Test
    void hostMetricsBindToTheShippedFakeEventStrategies() throws Exception {
        List<DetectSample> uptime =
                bind(hostMetric(T0 * 1000, "10.0.0.9", "system.env.uptime", 120));
        assertThat(uptime).hasSize(1);
        assertThat(uptime.get(0).anomaly.strategyId).isEqualTo(7);
        assertThat(uptime.get(0).anomaly.metricIds).containsExactly("bk_monitor.os_restart");
        assertThat(uptime.get(0).aggMethod).isEqualTo(WindowAggregate.MAX);
        assertThat(uptime.get(0).anomaly.bkBizId).isEqualTo("2"); // the host's business
        assertThat(uptime.get(0).anomaly.dimensionsJson)
                .isEqualTo("{\"bk_target_ip\":\"10.0.0.9\",\"bk_target_cloud_id\":\"0\"}");

        // the ping strategy has no dimensions; the host's are added so hosts stay apart
        List<DetectSample> ping =
                bind(hostMetric(T0 * 1000, "10.0.0.9", "pingserver.base.loss_percent", 1));
        assertThat(ping).extracting(s -> s.anomaly.strategyId).containsExactly(6L);
        assertThat(ping.get(0).anomaly.dimensionFields)
                .containsExactly("bk_target_ip", "bk_target_cloud_id");
    }

    @Test
    void aProcessPortPointWithoutOneOfTheItemsDimensionsIsNotBound() throws Exception {
        TimeSeriesPoint p = hostMetric(T0 * 1000, "10.0.0.9", "system.proc_port.proc_exists", 0);
        assertThat(bind(p)).isEmpty(); // display_name, protocol, ... missing
        Tag[] host = p.dimensions;
        p.dimensions = new Tag[host.length + 6];
        System.arraycopy(host, 0, p.dimensions, 0, host.length);
        int i = host.length;
        p.dimensions[i++] = new Tag("display_name", "nginx");
        p.dimensions[i++] = new Tag("protocol", "tcp");
        p.dimensions[i++] = new Tag("listen", "[80]");
        p.dimensions[i++] = new Tag("nonlisten", "[]");
        p.dimensions[i++] = new Tag("not_accurate_listen", "[]");
        p.dimensions[i] = new Tag("bind_ip", "0.0.0.0");
        assertThat(bind(p)).extracting(s -> s.anomaly.strategyId).containsExactly(8L);
    }
}
