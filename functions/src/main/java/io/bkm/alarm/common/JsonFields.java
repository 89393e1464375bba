package io.bkm.alarm.common;

import com.fasterxml.jackson.databind.JsonNode;
import io.bkm.alarm.fingerprint.Fingerprint;
import java.util.ArrayList;
import java.util.List;

/** Typed reads of JSON fields, where JSON null counts as absent (cleaning rule 1). */
public final class JsonFields {
    private JsonFields() {}

    public static JsonNode get(JsonNode obj, String field) {
        JsonNode n = obj.get(field);
        return n == null || n.isNull() ? null : n;
    }

    /** A field that must be there and not null, whatever its type. */
    public static JsonNode required(JsonNode obj, String field) throws InvalidInputException {
        JsonNode n = get(obj, field);
        if (n == null) {
            throw new InvalidInputException(Reasons.MISSING_FIELD, field + " is required");
        }
        return n;
    }

    /** {@code n}, named {@code what} in the message, must be a JSON object. */
    public static void requireObject(JsonNode n, String what) throws InvalidInputException {
        if (n == null || !n.isObject()) {
            throw new InvalidInputException(Reasons.WRONG_SHAPE, what + " must be a JSON object");
        }
    }

    /** {@code n}, named {@code what} in the message, must be a JSON list. */
    public static void requireList(JsonNode n, String what) throws InvalidInputException {
        if (n == null || !n.isArray()) {
            throw new InvalidInputException(Reasons.WRONG_TYPE, what + " must be a list");
        }
    }

    /** A field that must be there and a list; {@code what} names it if it is not a list. */
    public static JsonNode requiredList(JsonNode obj, String field, String what)
            throws InvalidInputException {
        JsonNode n = required(obj, field);
        requireList(n, what);
        return n;
    }

    /** The JSON scalar as the Java value Python would hold (for {@code str()} and hashing). */
    public static Object scalar(JsonNode n) {
        if (n == null) {
            return null;
        }
        if (n.isTextual()) {
            return n.textValue();
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isIntegralNumber()) {
            return n.bigIntegerValue();
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        return null;
    }

    public static String str(JsonNode obj, String field) throws InvalidInputException {
        JsonNode n = get(obj, field);
        if (n == null) {
            return null;
        }
        if (!n.isValueNode()) {
            throw new InvalidInputException(
                    Reasons.WRONG_TYPE, field + " must be a string or number");
        }
        return Fingerprint.pythonStr(scalar(n));
    }

    public static String requiredStr(JsonNode obj, String field) throws InvalidInputException {
        required(obj, field);
        return str(obj, field);
    }

    /** An integral epoch value: a JSON integer, a float (truncated) or a numeric string. */
    public static Long epoch(JsonNode obj, String field) throws InvalidInputException {
        JsonNode n = get(obj, field);
        if (n == null) {
            return null;
        }
        if (n.isNumber()) {
            return n.longValue();
        }
        if (n.isTextual()) {
            try {
                return (long) Double.parseDouble(n.textValue().trim());
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        throw new InvalidInputException(Reasons.WRONG_TYPE, field + " must be a number of seconds");
    }

    public static Long integer(JsonNode obj, String field) throws InvalidInputException {
        JsonNode n = get(obj, field);
        if (n == null) {
            return null;
        }
        if (n.isIntegralNumber() && n.canConvertToLong()) {
            return n.longValue();
        }
        if (n.isTextual()) {
            try {
                return Long.parseLong(n.textValue().trim());
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        throw new InvalidInputException(Reasons.WRONG_TYPE, field + " must be an integer");
    }

    /** A string, or a list of strings; a scalar becomes a one-element list. */
    public static String[] strList(JsonNode obj, String field) throws InvalidInputException {
        JsonNode n = get(obj, field);
        if (n == null) {
            return null;
        }
        if (n.isValueNode()) {
            return new String[] {Fingerprint.pythonStr(scalar(n))};
        }
        if (!n.isArray()) {
            throw new InvalidInputException(Reasons.WRONG_TYPE, field + " must be a list");
        }
        List<String> out = new ArrayList<>(n.size());
        for (JsonNode e : n) {
            if (!e.isValueNode()) {
                throw new InvalidInputException(
                        Reasons.WRONG_TYPE, field + " must hold strings only");
            }
            out.add(Fingerprint.pythonStr(scalar(e)));
        }
        return out.toArray(new String[0]);
    }
}
