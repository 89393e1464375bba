package io.bkm.alarm.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bkm.alarm.common.InvalidInputException;
import io.bkm.alarm.common.Reasons;
import io.bkm.alarm.model.CustomEventRecord;
import io.bkm.alarm.model.DataSource;
import io.bkm.alarm.model.TimeSeriesPoint;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

class ReportParserTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String TOKEN = "9f2c61e3d0b34c8a8a1d7b7f4c6e2a10";
    private static final Map<Long, DataSource> SOURCES =
            Map.of(
                    1572946L,
                            new DataSource(
                                    1572946L, TOKEN, DataSource.KIND_EVENT, "5", "login events"),
                    1572950L,
                            new DataSource(
                                    1572950L,
                                    "ts-token",
                                    DataSource.KIND_TIME_SERIES,
                                    "5",
                                    "app metrics"));
    private static final LongFunction<DataSource> LOOKUP = SOURCES::get;

    private static final String EVENT =
            "{\"data_id\": 1572946, \"access_token\": \"%s\", \"data\": [{\"event_name\":"
                + " \"%s\",\"event\": {\"content\": \"user alice login failed 5 times\"},"
                + " \"target\": \"10.20.30.40\",\"dimension\": {\"module\": \"auth\", \"location\":"
                + " \"shenzhen\", \"event_type\": \"%s\"},\"timestamp\": 1716951234567}]}";

    static List<CustomEventRecord> events(String json) throws Exception {
        return ReportParser.customEvents(MAPPER.readTree(json), LOOKUP, 1716951240L);
    }

    @Test
    void aValidReportBecomesEventsOfItsDataSource() throws Exception {
        CustomEventRecord r =
                events(String.format(EVENT, TOKEN, "login_failed", "abnormal")).get(0);
        assertThat(r.dataId).isEqualTo(1572946L);
        assertThat(r.bkBizId).isEqualTo("5");
        assertThat(r.eventName).isEqualTo("login_failed");
        assertThat(r.content).isEqualTo("user alice login failed 5 times");
        assertThat(r.target).isEqualTo("10.20.30.40");
        assertThat(r.timestampMs).isEqualTo(1716951234567L);
        assertThat(r.recovery).isFalse();
        assertThat(r.dimensions)
                .extracting(t -> t.key)
                .containsExactly("module", "location", "event_type");
        assertThat(events(String.format(EVENT, TOKEN, "login_failed", "recovery")).get(0).recovery)
                .isTrue();
    }

    @Test
    void aMissingTimestampIsTheReceiveTime() throws Exception {
        String json =
                "{\"data_id\":1572946,\"access_token\":\""
                        + TOKEN
                        + "\",\"data\":[{\"event_name\":\"x\",\"event\":{\"content\":\"c\"}}]}";
        assertThat(events(json).get(0).timestampMs).isEqualTo(1716951240000L);
    }

    @Test
    void aWrongOrMissingTokenIsUnauthorizedAndNeverAnEvent() {
        assertReason(
                String.format(EVENT, "wrong", "login_failed", "abnormal"), Reasons.UNAUTHORIZED);
        assertReason("{\"data_id\":1572946,\"data\":[]}", Reasons.UNAUTHORIZED);
        assertReason(
                "{\"data_id\":42,\"access_token\":\"" + TOKEN + "\",\"data\":[]}",
                Reasons.UNAUTHORIZED);
        assertReason(
                "{\"data_id\":1572950,\"access_token\":\"ts-token\",\"data\":[]}",
                Reasons.WRONG_SHAPE);
    }

    @Test
    void invalidItemsRefuseTheWholeReport() {
        assertReason(
                String.format(EVENT, TOKEN, "x".repeat(129), "abnormal"), Reasons.INVALID_VALUE);
        assertReason(String.format(EVENT, TOKEN, "", "abnormal"), Reasons.MISSING_FIELD);
        assertReason(
                "{\"data_id\":1572946,\"access_token\":\""
                        + TOKEN
                        + "\",\"data\":[{\"event_name\":\"x\",\"event\":{}}]}",
                Reasons.MISSING_FIELD);
        assertReason(
                "{\"data_id\":1572946,\"access_token\":\""
                        + TOKEN
                        + "\",\"data\":[{\"event_name\":\"x\",\"event\":{\"content\":\"c\"},\"timestamp\":\"soon\"}]}",
                Reasons.WRONG_TYPE);
        assertReason(
                "{\"data_id\":\"abc\",\"access_token\":\"t\",\"data\":[]}", Reasons.WRONG_TYPE);
        assertReason(
                "{\"data_id\":1572946,\"access_token\":\"" + TOKEN + "\",\"data\":{}}",
                Reasons.WRONG_TYPE);
        assertReason("[1]", Reasons.WRONG_SHAPE);
    }

    @Test
    void timeSeriesPointsCarryEveryMetric() throws Exception {
        List<TimeSeriesPoint> points =
                ReportParser.timeSeries(
                        MAPPER.readTree(
                                "{\"data_id\":1572950,\"access_token\":\"ts-token\",\"data\":[{\"metrics\":{\"cpu_load\":0.75,\"qps\":1200},"
                                    + "\"target\":\"10.0.0.1\",\"dimension\":{\"module\":\"db\"},\"timestamp\":1716951234000}]}"),
                        LOOKUP,
                        1716951240L);
        TimeSeriesPoint p = points.get(0);
        assertThat(p.metricNames).containsExactly("cpu_load", "qps");
        assertThat(p.metricValues).containsExactly(0.75, 1200.0);
        assertThat(p.timestampMs).isEqualTo(1716951234000L);
        assertThatThrownBy(
                        () ->
                                ReportParser.timeSeries(
                                        MAPPER.readTree(
                                                "{\"data_id\":1572950,\"access_token\":\"ts-token\",\"data\":[{\"metrics\":{\"x\":\"high\"},\"timestamp\":1}]}"),
                                        LOOKUP,
                                        0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("metrics.x");
    }

    @Test
    void aTimeSeriesDataSourceMayNameTheMetricPrefixItsPointsCarry() throws Exception {
        DataSource hosts =
                DataSources.parse(
                        MAPPER.readTree(
                                "{\"data_id\": 1572960, \"access_token\": \"host-token\","
                                        + " \"kind\": \"time_series\", \"bk_biz_id\": 0,"
                                        + " \"metric_prefix\": \"bk_monitor\"}"),
                        null);
        assertThat(hosts.metricPrefix).isEqualTo("bk_monitor");
        List<TimeSeriesPoint> points =
                ReportParser.timeSeries(
                        MAPPER.readTree(
                                "{\"data_id\":1572960,\"access_token\":\"host-token\","
                                        + "\"data\":[{\"metrics\":{\"system.env.uptime\":30},"
                                        + "\"timestamp\":1716951234000}]}"),
                        id -> hosts,
                        1716951240L);
        assertThat(points.get(0).metricPrefix).isEqualTo("bk_monitor");
        assertThat(SOURCES.get(1572950L).metricPrefix).isNull(); // bk-monitor's custom table
        assertThatThrownBy(
                        () ->
                                DataSources.parse(
                                        MAPPER.readTree(
                                                "{\"data_id\": 1, \"access_token\":"
                                                        + " \"host-token\", \"kind\":"
                                                        + " \"time_series\", \"bk_biz_id\": 0,"
                                                        + " \"metric_prefix\": \"a b\"}"),
                                        null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("metric_prefix");
    }

    private static void assertReason(String json, String reason) {
        assertThatThrownBy(() -> events(json))
                .as(json)
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).reason()).isEqualTo(reason));
    }
}
