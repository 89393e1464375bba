package io.bkm.alarm.shield;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.bkm.alarm.common.InvalidInputException;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.common.Reasons;
import io.bkm.alarm.strategy.ConditionMatcher;
import io.bkm.alarm.strategy.Strategy;
import io.bkm.alarm.strategy.StrategyParser;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One shield config of {@code bkm_config} ({@code shield:{id}}), in bk-monitor's cached shape:
 * {@code bk_biz_id}, {@code is_enabled}, the times of {@link ShieldTimes}, and {@code
 * dimension_config}. Every key of {@code dimension_config} is a list the alert's value must be in
 * ({@code strategy_id}, {@code level} for severity, {@code alert_id}, {@code bk_target_ip}, a tag
 * such as {@code tags.device_name} or {@code device_name}, …), and {@code dimension_conditions} are
 * clauses as in a strategy's {@code agg_condition} (eq / neq / include / exclude / reg / nreg /
 * comparisons, groups split at {@code or}). As bk-monitor does, keys starting with {@code _} and
 * values holding {@code "00"} (its "all") are ignored.
 */
public final class Shield {
    public final long id;
    public final String bizId;
    public final ShieldTimes times;
    private final boolean enabled;
    private final Map<String, Set<String>> equals;
    private final List<Strategy.Condition> conditions;

    private Shield(
            long id,
            String bizId,
            boolean enabled,
            ShieldTimes times,
            Map<String, Set<String>> equals,
            List<Strategy.Condition> conditions) {
        this.id = id;
        this.bizId = bizId;
        this.enabled = enabled;
        this.times = times;
        this.equals = equals;
        this.conditions = conditions;
    }

    public static Shield parse(JsonNode json, long id, ZoneId zone) throws InvalidInputException {
        if (!json.isObject()) {
            throw invalid("must be a JSON object");
        }
        JsonNode biz = json.path("bk_biz_id");
        if (!biz.isNumber() && !biz.isTextual()) {
            throw invalid("bk_biz_id is required");
        }
        JsonNode dims = json.path("dimension_config");
        if (!dims.isMissingNode() && !dims.isNull() && !dims.isObject()) {
            throw invalid("dimension_config must be an object");
        }
        Map<String, Set<String>> equals = new LinkedHashMap<>();
        List<Strategy.Condition> conditions = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = dims.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("dimension_conditions")) {
                conditions = conditions(e.getValue());
            } else if (!e.getKey().startsWith("_") && !e.getKey().isEmpty()) {
                Set<String> values = values(e.getValue());
                if (!values.contains("00")
                        && !(e.getKey().equals("category") && values.contains("all"))) {
                    equals.put(e.getKey(), values);
                }
            }
        }
        return new Shield(
                id,
                biz.asText(),
                json.path("is_enabled").asBoolean(true),
                ShieldTimes.parse(json, zone),
                equals,
                conditions);
    }

    /** Whether the shield is on and for this business. */
    public boolean appliesTo(String alertBizId) {
        return enabled && bizId.equals(alertBizId);
    }

    /** Whether an alert's dimensions are in the shield's scope. */
    public boolean matches(Map<String, Object> dimensions) {
        for (Map.Entry<String, Set<String>> e : equals.entrySet()) {
            Object actual = dimensions.get(e.getKey());
            if (actual instanceof List<?> list) {
                if (list.stream().noneMatch(v -> e.getValue().contains(String.valueOf(v)))) {
                    return false;
                }
            } else if (actual == null || !e.getValue().contains(String.valueOf(actual))) {
                return false;
            }
        }
        return ConditionMatcher.matches(conditions, dimensions);
    }

    /** A scalar or a list; topology nodes ({bk_obj_id, bk_inst_id}) as "obj|inst". */
    private static Set<String> values(JsonNode v) {
        Set<String> out = new HashSet<>();
        for (JsonNode x : v.isArray() ? v : Json.MAPPER.createArrayNode().add(v)) {
            if (x.isObject() && x.has("bk_obj_id")) {
                out.add(x.path("bk_obj_id").asText() + "|" + x.path("bk_inst_id").asText());
            } else if (!x.isNull()) {
                out.add(x.asText());
            }
        }
        return out;
    }

    private static List<Strategy.Condition> conditions(JsonNode list) throws InvalidInputException {
        if (!list.isArray()) {
            throw invalid("dimension_conditions must be a list");
        }
        List<Strategy.Condition> out;
        try {
            out =
                    new ArrayList<>(
                            Arrays.asList(
                                    Json.MAPPER.treeToValue(list, Strategy.Condition[].class)));
        } catch (JsonProcessingException e) {
            throw invalid("dimension_conditions: " + e.getOriginalMessage());
        }
        for (Strategy.Condition c : out) {
            if (c == null) {
                throw invalid("dimension_conditions holds a null");
            }
            try {
                StrategyParser.condition(c, "dimension_conditions");
            } catch (InvalidInputException e) {
                throw invalid(e.getMessage().replaceFirst("^strategy: ", ""));
            }
        }
        return out;
    }

    private static InvalidInputException invalid(String detail) {
        return new InvalidInputException(Reasons.INVALID_VALUE, "shield " + detail);
    }
}
