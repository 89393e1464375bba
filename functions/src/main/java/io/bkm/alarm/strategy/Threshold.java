package io.bkm.alarm.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import io.bkm.alarm.common.InvalidInputException;
import io.bkm.alarm.common.Reasons;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * bk-monitor's static threshold algorithm ({@code type: "Threshold"}): {@code config} is a list of
 * groups of {@code {method, threshold}}; a value is anomalous when every clause of some group holds
 * (AND within a group, OR across groups).
 */
public final class Threshold implements Detector {
    public static final String TYPE = "Threshold";
    static final Set<String> METHODS = Set.of("gt", "gte", "lt", "lte", "eq", "neq");

    private record Clause(String method, double threshold) {}

    private final List<List<Clause>> groups;

    private Threshold(List<List<Clause>> groups) {
        this.groups = groups;
    }

    /**
     * The algorithm of one level. An algorithm of another type (GSE strategies use {@code ""})
     * holds for every value: the record or window is the anomaly.
     */
    public static Threshold of(Strategy.Algorithm a) throws InvalidInputException {
        if (!TYPE.equals(a.type)) {
            return new Threshold(List.of(List.of()));
        }
        JsonNode config = a.config;
        if (config == null || !config.isArray() || config.isEmpty()) {
            throw invalid("a Threshold config must be a non-empty list of groups");
        }
        List<List<Clause>> groups = new ArrayList<>();
        for (JsonNode g : config) {
            if (!g.isArray() || g.isEmpty()) {
                throw invalid("a Threshold group must be a non-empty list of clauses");
            }
            List<Clause> clauses = new ArrayList<>();
            for (JsonNode c : g) {
                String method = c.path("method").asText("");
                JsonNode t = c.path("threshold");
                if (!METHODS.contains(method)) {
                    throw invalid("Threshold method '" + method + "' is not one of " + METHODS);
                }
                if (!t.isNumber()) {
                    throw invalid("Threshold threshold must be a number");
                }
                clauses.add(new Clause(method, t.asDouble()));
            }
            groups.add(clauses);
        }
        return new Threshold(groups);
    }

    @Override
    public boolean holds(DetectWindow w) {
        return matches(w.value());
    }

    /** {@code COUNT(login_failed) >= 5, current value 5}. */
    @Override
    public String describe(DetectWindow w) {
        return w.label() + " " + describe() + ", current value " + plain(w.value());
    }

    public boolean matches(double value) {
        for (List<Clause> group : groups) {
            boolean all = true;
            for (Clause c : group) {
                all &= holds(c, value);
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    /** What held, for the event's description, e.g. {@code ">= 1"}. */
    public String describe() {
        List<String> out = new ArrayList<>();
        for (List<Clause> group : groups) {
            List<String> parts = new ArrayList<>();
            for (Clause c : group) {
                parts.add(symbol(c.method) + " " + plain(c.threshold));
            }
            out.add(String.join(" and ", parts));
        }
        return String.join(" or ", out);
    }

    private static boolean holds(Clause c, double v) {
        return switch (c.method) {
            case "gt" -> v > c.threshold;
            case "gte" -> v >= c.threshold;
            case "lt" -> v < c.threshold;
            case "lte" -> v <= c.threshold;
            case "eq" -> v == c.threshold;
            default -> v != c.threshold;
        };
    }

    private static String symbol(String method) {
        return switch (method) {
            case "gt" -> ">";
            case "gte" -> ">=";
            case "lt" -> "<";
            case "lte" -> "<=";
            case "eq" -> "=";
            default -> "!=";
        };
    }

    /** 1 rather than 1.0, as users write thresholds. */
    public static String plain(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15
                ? Long.toString((long) v)
                : Double.toString(v);
    }

    private static InvalidInputException invalid(String message) {
        return new InvalidInputException(Reasons.INVALID_VALUE, message);
    }
}
