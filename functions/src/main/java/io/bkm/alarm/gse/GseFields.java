package io.bkm.alarm.gse;

import com.fasterxml.jackson.databind.JsonNode;
import io.bkm.alarm.common.InvalidInputException;
import io.bkm.alarm.common.JsonFields;
import io.bkm.alarm.common.Reasons;
import io.bkm.alarm.fingerprint.Fingerprint;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Typed reads of GSE messages. Unlike third-party events, GSE fields read as text default to "" and
 * integers may come as strings (an empty one for "none"), as bk-monitor's access code reads them;
 * what is the same everywhere is {@link JsonFields}'.
 */
final class GseFields {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private GseFields() {}

    static long parseTime(String s, int offsetHours, String field) throws InvalidInputException {
        try {
            return LocalDateTime.parse(s.trim(), TIME)
                    .toEpochSecond(ZoneOffset.ofHours(offsetHours));
        } catch (java.time.DateTimeException e) {
            throw new InvalidInputException(
                    Reasons.WRONG_TYPE,
                    field + " must be a time like 2024-05-29 02:31:00, got '" + cut(s) + "'");
        }
    }

    static String requiredText(JsonNode obj, String field) throws InvalidInputException {
        JsonNode n = JsonFields.required(obj, field);
        if (!n.isValueNode()) {
            throw new InvalidInputException(Reasons.WRONG_TYPE, field + " must be a string");
        }
        String s = n.asText();
        if (s.isEmpty()) {
            throw new InvalidInputException(Reasons.MISSING_FIELD, field + " is empty");
        }
        return s;
    }

    /** A scalar field as text; absent, null or a container is "". */
    static String text(JsonNode obj, String field) {
        JsonNode n = obj.get(field);
        if (n == null || n.isNull() || n.isContainerNode()) {
            return "";
        }
        return n.isTextual() ? n.textValue() : Fingerprint.pythonStr(JsonFields.scalar(n));
    }

    static Integer intValue(JsonNode obj, String field, boolean required)
            throws InvalidInputException {
        JsonNode n = required ? JsonFields.required(obj, field) : obj.get(field);
        if (n == null || n.isNull() || (n.isTextual() && n.textValue().isEmpty() && !required)) {
            return null;
        }
        if (n.isIntegralNumber() && n.canConvertToInt()) {
            return n.intValue();
        }
        if (n.isTextual()) {
            return parseInt(n.textValue(), field);
        }
        throw new InvalidInputException(Reasons.WRONG_TYPE, field + " must be an integer");
    }

    static long longValue(JsonNode obj, String field) throws InvalidInputException {
        JsonFields.required(obj, field);
        return JsonFields.integer(obj, field);
    }

    static int parseInt(String s, String field) throws InvalidInputException {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(
                    Reasons.WRONG_TYPE, field + " must be an integer, got '" + cut(s) + "'");
        }
    }

    static String firstNonEmpty(String a, String b) {
        return a.isEmpty() ? b : a;
    }

    private static String cut(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "…" : s;
    }
}
