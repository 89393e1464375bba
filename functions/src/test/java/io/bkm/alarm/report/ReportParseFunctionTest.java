package io.bkm.alarm.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.bkm.alarm.common.DeadLetters;
import io.bkm.alarm.model.CustomEventRecord;
import io.bkm.alarm.model.DataSource;
import io.bkm.alarm.model.DeadLetter;
import io.bkm.alarm.model.RawMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Data sources change at run time through {@code bkm_config}; bad records change nothing. */
class ReportParseFunctionTest {
    private static final String SHIPPED_TOKEN = "shipped-token-1";
    private BroadcastOperatorTestHarness<RawMessage, RawMessage, CustomEventRecord> harness;

    @BeforeEach
    void setUp() throws Exception {
        ReportParseFunction<CustomEventRecord> fn =
                new ReportParseFunction<>(
                        ReportParser::customEvents,
                        List.of(
                                new DataSource(
                                        100L,
                                        SHIPPED_TOKEN,
                                        DataSource.KIND_EVENT,
                                        "2",
                                        "shipped")),
                        1 << 20,
                        true);
        harness = ProcessFunctionTestHarnesses.forBroadcastProcessFunction(fn, DataSources.STATE);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private static RawMessage msg(String topic, String key, String value) {
        RawMessage m =
                new RawMessage(
                        topic,
                        0,
                        0,
                        1_700_000_000_000L,
                        value == null ? null : value.getBytes(StandardCharsets.UTF_8));
        m.key = key;
        return m;
    }

    private static String report(long dataId, String token) {
        return "{\"data_id\":"
                + dataId
                + ",\"access_token\":\""
                + token
                + "\",\"data\":[{\"event_name\":\"e\",\"event\":{\"content\":\"c\"}}]}";
    }

    private int sendReport(long dataId, String token) throws Exception {
        int before = harness.extractOutputValues().size();
        harness.processElement(
                new StreamRecord<>(msg("bkm_custom_event", null, report(dataId, token))));
        return harness.extractOutputValues().size() - before;
    }

    private void config(String key, String value) throws Exception {
        harness.processBroadcastElement(new StreamRecord<>(msg("bkm_config", key, value)));
    }

    private List<String> deadLetterReasons() {
        var side = harness.getSideOutput(DeadLetters.TAG);
        return side == null
                ? List.of()
                : side.stream().map(r -> ((DeadLetter) r.getValue()).reason).toList();
    }

    @Test
    void shippedSourcesWorkAndRuntimeRecordsAddChangeAndRemoveThem() throws Exception {
        assertThat(sendReport(100, SHIPPED_TOKEN)).isEqualTo(1);
        assertThat(sendReport(200, "runtime-token")).isZero();

        config(
                "datasource:200",
                "{\"data_id\":200,\"access_token\":\"runtime-token\",\"kind\":\"event\",\"bk_biz_id\":3}");
        assertThat(sendReport(200, "runtime-token")).isEqualTo(1);
        assertThat(harness.extractOutputValues().get(1).bkBizId).isEqualTo("3");

        config(
                "datasource:100",
                "{\"data_id\":100,\"access_token\":\"rotated-token\",\"kind\":\"event\",\"bk_biz_id\":2}");
        assertThat(sendReport(100, SHIPPED_TOKEN)).isZero();
        assertThat(sendReport(100, "rotated-token")).isEqualTo(1);

        config("datasource:100", null);
        assertThat(sendReport(100, "rotated-token")).isZero();
        assertThat(deadLetterReasons())
                .containsExactly("unauthorized", "unauthorized", "unauthorized");
    }

    @Test
    void anInvalidConfigRecordIsADeadLetterAndChangesNothing() throws Exception {
        config(
                "datasource:100",
                "{\"data_id\":101,\"access_token\":\"other-token\",\"kind\":\"event\",\"bk_biz_id\":2}");
        config(
                "datasource:100",
                "{\"data_id\":100,\"access_token\":\"short\",\"kind\":\"event\",\"bk_biz_id\":2}");
        config("datasource:100", "not json");
        config("datasource:x", "{}");
        config("strategy:7", "{\"anything\":true}");
        assertThat(deadLetterReasons())
                .containsExactly(
                        "invalid_value", "invalid_value", "malformed_json", "invalid_value");
        assertThat(sendReport(100, SHIPPED_TOKEN)).isEqualTo(1);
    }
}
