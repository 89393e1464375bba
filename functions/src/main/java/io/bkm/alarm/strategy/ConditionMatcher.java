package io.bkm.alarm.strategy;

import io.bkm.alarm.fingerprint.Fingerprint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A strategy's {@code agg_condition} against a record's dimensions: clauses joined by {@code and},
 * groups split at each {@code or} (bk-monitor's reading). A dimension that is absent compares as
 * the empty string; a list value (e.g. {@code bk_topo_node}) matches when any element does.
 */
public final class ConditionMatcher {
    public static final Set<String> METHODS =
            Set.of("eq", "neq", "include", "exclude", "reg", "nreg", "gt", "gte", "lt", "lte");

    private ConditionMatcher() {}

    public static boolean matches(List<Strategy.Condition> conditions, Map<String, Object> dims) {
        if (conditions.isEmpty()) {
            return true;
        }
        List<List<Strategy.Condition>> groups = new ArrayList<>();
        for (Strategy.Condition c : conditions) {
            if (groups.isEmpty() || "or".equals(c.condition)) {
                groups.add(new ArrayList<>());
            }
            groups.get(groups.size() - 1).add(c);
        }
        for (List<Strategy.Condition> group : groups) {
            if (group.stream().allMatch(c -> clause(c, dims.get(c.key)))) {
                return true;
            }
        }
        return false;
    }

    private static boolean clause(Strategy.Condition c, Object actual) {
        List<String> values = new ArrayList<>();
        if (actual instanceof List<?> list) {
            list.forEach(v -> values.add(Fingerprint.pythonStr(v)));
        } else {
            values.add(actual == null ? "" : Fingerprint.pythonStr(actual));
        }
        boolean negated =
                c.method.equals("neq") || c.method.equals("exclude") || c.method.equals("nreg");
        boolean any = values.stream().anyMatch(v -> positive(c, v));
        return negated ? !any : any;
    }

    /** The positive form of the clause against one value (neq is not-eq, and so on). */
    private static boolean positive(Strategy.Condition c, String v) {
        return switch (c.method) {
            case "eq", "neq" -> c.value.contains(v);
            case "include", "exclude" -> c.value.stream().anyMatch(v::contains);
            case "reg", "nreg" -> c.patterns().stream().anyMatch(p -> p.matcher(v).lookingAt());
            default -> compare(c, v);
        };
    }

    private static boolean compare(Strategy.Condition c, String v) {
        double actual;
        try {
            actual = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return false;
        }
        for (String bound : c.value) {
            double b;
            try {
                b = Double.parseDouble(bound);
            } catch (NumberFormatException e) {
                continue;
            }
            boolean ok =
                    switch (c.method) {
                        case "gt" -> actual > b;
                        case "gte" -> actual >= b;
                        case "lt" -> actual < b;
                        default -> actual <= b;
                    };
            if (ok) {
                return true;
            }
        }
        return false;
    }
}
