package io.bkm.alarm.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bkm.alarm.common.InvalidInputException;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.common.Reasons;
import io.bkm.alarm.model.AlertInput;
import io.bkm.alarm.model.AlertOp;
import org.junit.jupiter.api.Test;

class AlertOpParserTest {
    private static final long RECEIVED = 1_716_950_200L;

    private static AlertOp parse(String json) throws Exception {
        return AlertOpParser.parse(Json.MAPPER.readTree(json), RECEIVED).records().get(0).op;
    }

    private static String reason(String json) {
        try {
            parse(json);
            return null;
        } catch (InvalidInputException e) {
            return e.reason();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void readsAnOperation() throws Exception {
        AlertOp op =
                parse(
                        "{\"op\":\"ack\",\"alert_id\":\"17169500373907712\",\"operator\":\"alice\","
                                + "\"time\":1716950100,\"reason\":\"on it\"}");
        assertThat(op.op).isEqualTo(AlertOp.ACK);
        assertThat(op.alertId).isEqualTo("17169500373907712");
        assertThat(op.operator).isEqualTo("alice");
        assertThat(op.time).isEqualTo(1_716_950_100L);
        assertThat(op.reason).isEqualTo("on it");
    }

    @Test
    void aFingerprintRoutesTheOperationToItsAlertWhateverItsId() throws Exception {
        AlertOp op =
                parse(
                        "{\"op\":\"ack\",\"alert_id\":\"17169500370004242\",\"operator\":\"alice\","
                                + "\"dedupe_md5\":\"7bf1b8b2bae7e42575892b6e794a0bde\"}");
        assertThat(op.dedupeMd5).isEqualTo("7bf1b8b2bae7e42575892b6e794a0bde");
        assertThat(AlertStateFunction.key(AlertInput.of(op)))
                .isEqualTo(AlertIds.key(op.dedupeMd5))
                .isNotEqualTo(AlertIds.keyOfId(op.alertId));
        assertThat(
                        reason(
                                "{\"op\":\"ack\",\"alert_id\":\"17169500373907712\","
                                        + "\"operator\":\"a\",\"dedupe_md5\":7}"))
                .isEqualTo(Reasons.WRONG_TYPE);
    }

    @Test
    void numericIdsMillisecondsAndAMissingTimeAreAccepted() throws Exception {
        AlertOp op =
                parse(
                        "{\"op\":\"close\",\"alert_id\":17169500373907712,\"operator\":\"bob\","
                                + "\"time\":1716950100123}");
        assertThat(op.alertId).isEqualTo("17169500373907712");
        assertThat(op.time).isEqualTo(1_716_950_100L);
        assertThat(
                        parse(
                                        "{\"op\":\"unack\",\"alert_id\":\"17169500373907712\",\"operator\":\"x\"}")
                                .time)
                .isEqualTo(RECEIVED);
    }

    @Test
    void badOperationsSayWhy() {
        assertThat(reason("[1]")).isEqualTo(Reasons.WRONG_SHAPE);
        assertThat(
                        reason(
                                "{\"op\":\"snooze\",\"alert_id\":\"17169500373907712\",\"operator\":\"a\"}"))
                .isEqualTo(Reasons.INVALID_VALUE);
        assertThat(reason("{\"op\":\"ack\",\"alert_id\":\"abc\",\"operator\":\"a\"}"))
                .isEqualTo(Reasons.INVALID_VALUE);
        assertThat(reason("{\"op\":\"ack\",\"alert_id\":\"17169500373907712\"}"))
                .isEqualTo(Reasons.MISSING_FIELD);
        assertThat(reason("{\"op\":\"ack\",\"alert_id\":\"17169500373907712\",\"operator\":5}"))
                .isEqualTo(Reasons.WRONG_TYPE);
        assertThat(
                        reason(
                                "{\"op\":\"ack\",\"alert_id\":\"17169500373907712\","
                                        + "\"operator\":\"a\",\"time\":\"soon\"}"))
                .isEqualTo(Reasons.WRONG_TYPE);
        assertThatThrownBy(() -> parse("{}")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void aQosReleaseIsTakenOnlyFromTheReleaseTopic() throws Exception {
        String release =
                "{\"op\":\"qos_release\",\"alert_id\":\"17169500373907712\","
                        + "\"operator\":\"system\",\"time\":1716950100}";
        assertThat(reason(release)).isEqualTo(Reasons.INVALID_VALUE);
        AlertOp op =
                AlertOpParser.parseRelease(Json.MAPPER.readTree(release), RECEIVED)
                        .records()
                        .get(0)
                        .op;
        assertThat(op.op).isEqualTo(AlertOp.QOS_RELEASE);
        assertThat(op.time).isEqualTo(1_716_950_100L);
        assertThatThrownBy(
                        () ->
                                AlertOpParser.parseRelease(
                                        Json.MAPPER.readTree(
                                                "{\"op\":\"close\",\"alert_id\":\"17169500373907712\","
                                                    + "\"operator\":\"a\"}"),
                                        RECEIVED))
                .isInstanceOf(InvalidInputException.class);
    }
}
