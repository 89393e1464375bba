package io.bkm.alarm.alert;

import com.fasterxml.jackson.databind.JsonNode;
import io.bkm.alarm.common.EventTimes;
import io.bkm.alarm.common.InvalidInputException;
import io.bkm.alarm.common.ParseResult;
import io.bkm.alarm.common.Reasons;
import io.bkm.alarm.model.AlertInput;
import io.bkm.alarm.model.AlertOp;
import io.bkm.alarm.model.RawMessage;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads one {@code bkm_alert_ops} message: {@code {op, alert_id, operator, time, reason,
 * dedupe_md5?}}; and the job's QoS releases, which have the same shape but their own topic, so
 * users cannot send one.
 */
public final class AlertOpParser {
    private static final Set<String> OPS = Set.of(AlertOp.ACK, AlertOp.UNACK, AlertOp.CLOSE);
    private static final Set<String> RELEASES = Set.of(AlertOp.QOS_RELEASE);

    /** Times above this are milliseconds (year 5138 in seconds). */
    private static final long MAX_SECONDS = 100_000_000_000L;

    private AlertOpParser() {}

    /** The operation as the alert operator's input. */
    public static ParseResult<AlertInput> parse(JsonNode m, long receivedAt)
            throws InvalidInputException {
        return ParseResult.of(List.of(AlertInput.of(read(m, receivedAt, OPS))));
    }

    /** A release of an alert from flow control, as {@code AlertQosFunction} wrote it. */
    public static ParseResult<AlertInput> parseRelease(JsonNode m, long receivedAt)
            throws InvalidInputException {
        return ParseResult.of(List.of(AlertInput.of(read(m, receivedAt, RELEASES))));
    }

    /**
     * An operation keeps its record: whether it applies is known only at its alert's state, and one
     * that does not becomes a dead letter there.
     */
    public static void keepSource(AlertInput in, RawMessage raw) {
        in.op.source = raw;
    }

    private static AlertOp read(JsonNode m, long receivedAt, Set<String> ops)
            throws InvalidInputException {
        if (!m.isObject()) {
            throw new InvalidInputException(Reasons.WRONG_SHAPE, "an alert operation is an object");
        }
        AlertOp op = new AlertOp();
        op.op = text(m, "op");
        if (!ops.contains(op.op)) {
            throw new InvalidInputException(
                    Reasons.INVALID_VALUE,
                    "op must be " + String.join(" or ", new TreeSet<>(ops)) + ", not " + op.op);
        }
        JsonNode id = m.path("alert_id");
        op.alertId = id.isNumber() ? id.asText() : text(m, "alert_id");
        if (AlertIds.keyOfId(op.alertId) == null) {
            throw new InvalidInputException(
                    Reasons.INVALID_VALUE, "alert_id is no alert id: " + op.alertId);
        }
        JsonNode md5 = m.path("dedupe_md5");
        if (!md5.isMissingNode() && !md5.isNull()) {
            if (!md5.isTextual() || md5.asText().isBlank()) {
                throw new InvalidInputException(
                        Reasons.WRONG_TYPE, "dedupe_md5 must be a non-empty string");
            }
            op.dedupeMd5 = md5.asText();
        }
        op.operator = text(m, "operator");
        JsonNode reason = m.path("reason");
        op.reason = reason.isTextual() ? reason.asText() : null;
        JsonNode time = m.path("time");
        if (time.isMissingNode() || time.isNull()) {
            op.time = receivedAt;
        } else if (time.canConvertToLong() && time.asLong() > 0) {
            op.time =
                    EventTimes.check(
                            time.asLong() >= MAX_SECONDS ? time.asLong() / 1000 : time.asLong(),
                            receivedAt,
                            "time");
        } else {
            throw new InvalidInputException(
                    Reasons.WRONG_TYPE, "time must be epoch seconds, not " + time);
        }
        return op;
    }

    private static String text(JsonNode m, String field) throws InvalidInputException {
        JsonNode v = m.path(field);
        if (v.isMissingNode() || v.isNull() || (v.isTextual() && v.asText().isBlank())) {
            throw new InvalidInputException(Reasons.MISSING_FIELD, field + " is required");
        }
        if (!v.isTextual()) {
            throw new InvalidInputException(Reasons.WRONG_TYPE, field + " must be a string");
        }
        return v.asText();
    }
}
