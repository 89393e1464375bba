package io.bkm.alarm.common;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * Checks every name and value of a parsed message against what the outputs can hold, so that a
 * value no output can take becomes a dead letter at the input rather than a failed write later.
 */
final class JsonValues {
    /**
     * Lucene's limit for one term: Elasticsearch rejects a whole document whose keyword field holds
     * a longer string, and any string of an input may end up in a keyword field.
     */
    static final int MAX_STRING_BYTES = 32_766;

    /** The first bad name or value found: its reason, what is wrong, and its path. */
    private record Problem(String reason, String what, String path) {
        Problem under(String step) {
            return new Problem(reason, what, step + path);
        }
    }

    private JsonValues() {}

    static void check(JsonNode root) throws InvalidInputException {
        Problem p = problem(root);
        if (p != null) {
            throw new InvalidInputException(p.reason(), p.what() + " at " + p.path());
        }
    }

    private static Problem problem(JsonNode n) {
        if (n.isTextual()) {
            return stringProblem(n.textValue());
        }
        if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                Problem p = stringProblem(e.getKey());
                if (p == null) {
                    p = problem(e.getValue());
                }
                if (p != null) {
                    return p.under("/" + e.getKey());
                }
            }
            return null;
        }
        if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                Problem p = problem(n.get(i));
                if (p != null) {
                    return p.under("/" + i);
                }
            }
            return null;
        }
        if (n.isIntegralNumber() && !n.canConvertToLong()) {
            return new Problem(Reasons.INVALID_VALUE, "a number beyond 64 bits", "");
        }
        if (n.isFloatingPointNumber() && !Double.isFinite(n.doubleValue())) {
            return new Problem(Reasons.INVALID_VALUE, "a number beyond the range of a double", "");
        }
        return null;
    }

    private static Problem stringProblem(String s) {
        // a string of up to a third of the limit in chars cannot exceed it in UTF-8 bytes
        if (s.length() > MAX_STRING_BYTES / 3) {
            int bytes = s.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_STRING_BYTES) {
                return new Problem(
                        Reasons.TOO_LARGE,
                        "a string of " + bytes + " bytes, over the limit of " + MAX_STRING_BYTES,
                        "");
            }
        }
        if (s.indexOf('\0') >= 0) {
            return new Problem(Reasons.INVALID_VALUE, "a string with a NUL character", "");
        }
        return null;
    }
}
