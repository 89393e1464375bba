package io.bkm.alarm.strategy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.bkm.alarm.common.InvalidInputException;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.common.Reasons;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A strategy from JSON, checked so that everything the job later does with it is safe: a strategy
 * that passes never fails an operator, one that does not is refused as a whole.
 */
public final class StrategyParser {
    private StrategyParser() {}

    /**
     * @param expectedId the id in the config record's key, or null
     */
    public static Strategy parse(JsonNode json, Long expectedId) throws InvalidInputException {
        if (json == null || !json.isObject()) {
            throw invalid("a strategy must be a JSON object");
        }
        Strategy s;
        try {
            s = Json.MAPPER.treeToValue(json, Strategy.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new InvalidInputException(
                    Reasons.WRONG_TYPE,
                    "strategy: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (s.id <= 0) {
            throw invalid("id must be a positive integer");
        }
        if (expectedId != null && s.id != expectedId) {
            throw invalid("id " + s.id + " does not match the key's " + expectedId);
        }
        if (s.bkBizId < 0) {
            throw invalid("bk_biz_id must be 0 (every business) or a business id");
        }
        if (s.name == null || s.name.isBlank()) {
            throw invalid("name is required");
        }
        if (s.items == null || s.items.isEmpty()) {
            throw invalid("items must hold at least one item");
        }
        for (Strategy.Item item : s.items) {
            item(item);
        }
        if (s.detects == null || s.detects.isEmpty()) {
            throw invalid("detects must hold at least one level");
        }
        Set<Integer> levels = new HashSet<>();
        for (Strategy.Detect d : s.detects) {
            level(d.level, "detects[].level");
            if (!levels.add(d.level)) {
                throw invalid("detects has level " + d.level + " twice");
            }
            if (d.triggerConfig == null || d.triggerConfig.count < 1) {
                throw invalid("trigger_config.count must be at least 1");
            }
            if (d.triggerConfig.checkWindow < d.triggerConfig.count) {
                throw invalid("trigger_config.check_window must be at least count");
            }
            if (d.recoveryConfig == null || d.recoveryConfig.checkWindow < 1) {
                throw invalid("recovery_config.check_window must be at least 1");
            }
            oneOf(
                    d.recoveryConfig.statusSetter,
                    "recovery_config.status_setter",
                    "recovery",
                    "close");
        }
        for (Strategy.Algorithm a : s.firstItem().algorithms) {
            if (s.detect(a.level) == null) {
                throw invalid("algorithm level " + a.level + " has no detects entry");
            }
        }
        if (s.notice == null || s.notice.config == null) {
            throw invalid("notice must be an object");
        }
        oneOf(
                s.notice.config.intervalNotifyMode,
                "notice.config.interval_notify_mode",
                "standard",
                "increasing");
        if (s.notice.config.notifyInterval < 60) {
            throw invalid("notice.config.notify_interval must be at least 60 seconds");
        }
        if (s.notice.config.upgradeConfig != null
                && s.notice.config.upgradeConfig.isEnabled
                && s.notice.config.upgradeConfig.upgradeInterval < 1) {
            throw invalid("notice.config.upgrade_config.upgrade_interval must be at least 1");
        }
        if (s.priorityGroupKey == null) {
            s.priorityGroupKey = "";
        }
        return s;
    }

    private static void item(Strategy.Item item) throws InvalidInputException {
        if (item.metricIds == null || item.metricIds.isEmpty()) {
            throw invalid("items[].metric_ids must name at least one metric");
        }
        oneOf(item.dataType, "items[].data_type", "event", "time_series");
        if (item.aggInterval < 1) {
            throw invalid("items[].agg_interval must be at least 1 second");
        }
        if (item.algorithms == null || item.algorithms.isEmpty()) {
            throw invalid("items[].algorithms must hold at least one level");
        }
        for (Strategy.Algorithm a : item.algorithms) {
            level(a.level, "items[].algorithms[].level");
        }
        for (Strategy.Condition c : item.aggCondition) {
            if (c.key == null || c.key.isEmpty()) {
                throw invalid("agg_condition[].key is required");
            }
            if (!ConditionMatcher.METHODS.contains(c.method)) {
                throw invalid(
                        "agg_condition[].method "
                                + c.method
                                + " is not one of "
                                + ConditionMatcher.METHODS);
            }
            oneOf(
                    c.condition == null ? "and" : c.condition,
                    "agg_condition[].condition",
                    "and",
                    "or");
            if (c.method.equals("reg") || c.method.equals("nreg")) {
                for (String v : c.value) {
                    try {
                        Pattern.compile(v);
                    } catch (PatternSyntaxException e) {
                        throw invalid("agg_condition[].value is not a regular expression: " + v);
                    }
                }
            }
        }
        for (var group : item.target) {
            for (Strategy.TargetRule r : group) {
                if (!TargetScope.FIELDS.contains(r.field)) {
                    throw invalid(
                            "target field " + r.field + " is not one of " + TargetScope.FIELDS);
                }
                oneOf(r.method, "target[].method", "eq", "neq");
                if (r.value == null || !r.value.isArray()) {
                    throw invalid("target[].value must be a list");
                }
            }
        }
        if (item.noDataConfig == null) {
            item.noDataConfig = new Strategy.NoDataConfig();
        }
    }

    private static void level(int level, String field) throws InvalidInputException {
        if (level < 1 || level > 3) {
            throw invalid(field + " must be 1 (fatal), 2 (warning) or 3 (remind)");
        }
    }

    private static void oneOf(String value, String field, String... allowed)
            throws InvalidInputException {
        for (String a : allowed) {
            if (a.equals(value)) {
                return;
            }
        }
        throw invalid(field + " must be one of " + String.join(", ", allowed));
    }

    private static InvalidInputException invalid(String message) {
        return new InvalidInputException(Reasons.INVALID_VALUE, "strategy: " + message);
    }
}
