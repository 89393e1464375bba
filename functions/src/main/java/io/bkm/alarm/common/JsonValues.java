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

    private JsonValues() {}

    static void check(JsonNode root) throws InvalidInputException {
        String problem = problem(root);
        if (problem != null) {
            String reason =
                    problem.startsWith(TOO_LONG) ? Reasons.TOO_LARGE : Reasons.INVALID_VALUE;
            throw new InvalidInputException(reason, problem);
        }
    }

    private static final String TOO_LONG = "a string of ";

    /** What is wrong with the first bad name or value under {@code n}, with its path; or null. */
    private static String problem(JsonNode n) {
        if (n.isTextual()) {
            return stringProblem(n.textValue());
        }
        if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String p = stringProblem(e.getKey());
                if (p == null) {
                    p = problem(e.getValue());
                }
                if (p != null) {
                    return at("/" + e.getKey(), p);
                }
            }
            return null;
        }
        if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                String p = problem(n.get(i));
                if (p != null) {
                    return at("/" + i, p);
                }
            }
            return null;
        }
        if (n.isIntegralNumber() && !n.canConvertToLong()) {
            return "a number beyond 64 bits";
        }
        if (n.isFloatingPointNumber() && !Double.isFinite(n.doubleValue())) {
            return "a number beyond the range of a double";
        }
        return null;
    }

    private static String stringProblem(String s) {
        // a string of up to a third of the limit in chars cannot exceed it in UTF-8 bytes
        if (s.length() > MAX_STRING_BYTES / 3) {
            int bytes = s.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_STRING_BYTES) {
                return TOO_LONG + bytes + " bytes, over the limit of " + MAX_STRING_BYTES;
            }
        }
        if (s.indexOf('\0') >= 0) {
            return "a string with a NUL character";
        }
        return null;
    }

    /** Prefixes the path of a problem found under {@code step}: "… at /a/0/b". */
    private static String at(String step, String problem) {
        int i = problem.indexOf(" at ");
        return i < 0
                ? problem + " at " + step
                : problem.substring(0, i + 4) + step + problem.substring(i + 4);
    }
}
