package io.bkm.alarm.alert;

import com.fasterxml.jackson.databind.JsonNode;
import io.bkm.alarm.common.InvalidInputException;
import io.bkm.alarm.common.ParseResult;
import io.bkm.alarm.common.Reasons;
import io.bkm.alarm.model.AlertInput;
import io.bkm.alarm.model.AlertOp;
import io.bkm.alarm.model.RawMessage;
import java.util.List;
import java.util.Set;

/** Reads one {@code bkm_alert_ops} message: {@code {op, alert_id, operator, time, reason}}. */
public final class AlertOpParser {
    private static final Set<String> OPS = Set.of(AlertOp.ACK, AlertOp.UNACK, AlertOp.CLOSE);

    /** Times above this are milliseconds (year 5138 in seconds). */
    private static final long MAX_SECONDS = 100_000_000_000L;

    private AlertOpParser() {}

    /** The operation as the alert operator's input. */
    public static ParseResult<AlertInput> parse(JsonNode m, long receivedAt)
            throws InvalidInputException {
        return ParseResult.of(List.of(AlertInput.of(read(m, receivedAt))));
    }

    /**
     * An operation keeps its record: whether it applies is known only at its alert's state, and one
     * that does not becomes a dead letter there.
     */
    public static void keepSource(AlertInput in, RawMessage raw) {
        in.op.source = raw;
    }

    public static AlertOp read(JsonNode m, long receivedAt) throws InvalidInputException {
        if (!m.isObject()) {
            throw new InvalidInputException(Reasons.WRONG_SHAPE, "an alert operation is an object");
        }
        AlertOp op = new AlertOp();
        op.op = text(m, "op");
        if (!OPS.contains(op.op)) {
            throw new InvalidInputException(
                    Reasons.INVALID_VALUE, "op must be ack, unack or close, not " + op.op);
        }
        JsonNode id = m.path("alert_id");
        op.alertId = id.isNumber() ? id.asText() : text(m, "alert_id");
        if (AlertIds.keyOfId(op.alertId) == null) {
            throw new InvalidInputException(
                    Reasons.INVALID_VALUE, "alert_id is no alert id: " + op.alertId);
        }
        op.operator = text(m, "operator");
        JsonNode reason = m.path("reason");
        op.reason = reason.isTextual() ? reason.asText() : null;
        JsonNode time = m.path("time");
        if (time.isMissingNode() || time.isNull()) {
            op.time = receivedAt;
        } else if (time.canConvertToLong() && time.asLong() > 0) {
            op.time = time.asLong() >= MAX_SECONDS ? time.asLong() / 1000 : time.asLong();
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
