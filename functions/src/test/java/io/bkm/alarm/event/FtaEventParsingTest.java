package io.bkm.alarm.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.bkm.alarm.common.DeadLetters;
import io.bkm.alarm.common.ParseFunction;
import io.bkm.alarm.common.Reasons;
import io.bkm.alarm.model.DeadLetter;
import io.bkm.alarm.model.Event;
import io.bkm.alarm.model.RawMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Third-party events through the parse function, as the job runs them. */
class FtaEventParsingTest {
    private OneInputStreamOperatorTestHarness<RawMessage, Event> harness;
    private long offset;

    @BeforeEach
    void setUp() throws Exception {
        harness =
                new OneInputStreamOperatorTestHarness<>(
                        new ProcessOperator<>(new ParseFunction<>(new FtaEventParser(), 1024)));
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private void send(byte[] payload) throws Exception {
        harness.processElement(
                new StreamRecord<>(
                        new RawMessage("bkm_fta_event", 3, offset++, 1716950102_000L, payload)));
    }

    private void send(String payload) throws Exception {
        send(payload.getBytes(StandardCharsets.UTF_8));
    }

    private List<DeadLetter> deadLetters() {
        var side = harness.getSideOutput(DeadLetters.TAG);
        return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void turnsAThirdPartyEventIntoACleanEventWithItsFingerprint() throws Exception {
        send(
                "{\"event_id\":\"zbx-99812\",\"plugin_id\":\"zabbix_prod\",\"alert_name\":\"CPU"
                    + " usage high\",\"description\":\"CPU 97% for"
                    + " 5m\",\"severity\":2,\"status\":\"ABNORMAL\","
                    + "\"target_type\":\"HOST\",\"target\":\"10.20.30.41|0\",\"bk_biz_id\":5,"
                    + "\"tags\":[{\"key\":\"trigger_id\",\"value\":\"18231\"}],"
                    + "\"metric\":[\"system.cpu.util\"],\"category\":\"os\",\"time\":1716950100}");
        List<Event> out = harness.extractOutputValues();
        assertThat(out).hasSize(1);
        Event e = out.get(0);
        // the fingerprint is taken after CMDB enrichment; unenriched it is bk-monitor's
        assertThat(e.dedupeMd5).isNull();
        assertThat(DedupeKeys.md5(e)).isEqualTo("7bf1b8b2bae7e42575892b6e794a0bde");
        assertThat(e.createTime).isEqualTo(1716950102L);
        assertThat(e.time).isEqualTo(1716950100L);
        assertThat(e.tags).hasSize(1);
        assertThat(deadLetters()).isEmpty();
    }

    @Test
    void sendsEveryKindOfBadInputToDeadLettersWithItsReasonAndPayload() throws Exception {
        String ok = "\"plugin_id\":\"p\",\"alert_name\":\"a\",\"time\":1";
        send("");
        send("   ");
        send("{\"event_id\": 1, ");
        send("[1,2,3]");
        send("{" + ok + "}");
        send("{\"event_id\":\"e\",\"plugin_id\":\"p\",\"alert_name\":\"a\"}");
        send("{\"event_id\":\"e\"," + ok.replace("1", "\"yesterday\"") + "}");
        send("{\"event_id\":\"e\"," + ok + ",\"tags\":\"not a list\"}");
        send("{\"event_id\":{\"x\":1}," + ok + "}");
        send(new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'});
        send("{\"a\":\"" + "x".repeat(2000) + "\"}");
        send("[".repeat(100) + "]".repeat(100));

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(deadLetters())
                .extracting(d -> d.reason)
                .containsExactly(
                        Reasons.EMPTY_MESSAGE,
                        Reasons.EMPTY_MESSAGE,
                        Reasons.MALFORMED_JSON,
                        Reasons.WRONG_SHAPE,
                        Reasons.MISSING_FIELD,
                        Reasons.MISSING_FIELD,
                        Reasons.WRONG_TYPE,
                        Reasons.WRONG_TYPE,
                        Reasons.WRONG_TYPE,
                        Reasons.INVALID_UTF8,
                        Reasons.TOO_LARGE,
                        Reasons.TOO_DEEP);
        DeadLetter first = deadLetters().get(2);
        assertThat(first.payload).isEqualTo("{\"event_id\": 1, ");
        assertThat(first.sourceTopic).isEqualTo("bkm_fta_event");
        assertThat(first.partition).isEqualTo(3);
        assertThat(first.offset).isEqualTo(2L);
        assertThat(first.receivedAt).isEqualTo(1716950102L);
        assertThat(deadLetters().get(5).detail).contains("time");
    }
}
