package io.bkm.alarm.strategy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.bkm.alarm.common.InvalidInputException;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.common.Reasons;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A strategy from JSON, checked so that everything the job later does with it is safe: a strategy
 * that passes never fails an operator, one that does not is refused as a whole. Strategy records
 * sit on a compacted topic that is read again at every start, so a record that slipped through and
 * then threw would stop the job for good; {@code StrategyMutationTest} holds this to account.
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
                    "strategy: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
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
        if (s.scenario == null) {
            throw invalid("scenario must be a string");
        }
        s.labels = optional(s.labels, "labels");
        s.priorityGroupKey = s.priorityGroupKey == null ? "" : s.priorityGroupKey;
        for (Strategy.Item item : required(s.items, "items")) {
            item(item);
        }
        Set<Integer> levels = new HashSet<>();
        for (Strategy.Detect d : required(s.detects, "detects")) {
            detect(d);
            if (!levels.add(d.level)) {
                throw invalid("detects has level " + d.level + " twice");
            }
        }
        for (Strategy.Algorithm a : s.firstItem().algorithms) {
            if (s.detect(a.level) == null) {
                throw invalid("algorithm level " + a.level + " has no detects entry");
            }
        }
        notice(s);
        return s;
    }

    private static void item(Strategy.Item item) throws InvalidInputException {
        required(item.metricIds, "items[].metric_ids");
        oneOf(item.dataType, "items[].data_type", "event", "time_series");
        if (item.aggInterval < 1) {
            throw invalid("items[].agg_interval must be at least 1 second");
        }
        item.aggDimension = optional(item.aggDimension, "items[].agg_dimension");
        if (item.aggMethod != null && !item.aggMethod.isEmpty()) {
            oneOf(
                    item.aggMethod.toUpperCase(),
                    "items[].agg_method",
                    "AVG",
                    "SUM",
                    "MIN",
                    "MAX",
                    "COUNT",
                    "LAST");
        }
        for (Strategy.Algorithm a : required(item.algorithms, "items[].algorithms")) {
            level(a.level, "items[].algorithms[].level");
            try {
                Detector.of(a);
            } catch (InvalidInputException e) {
                throw invalid(e.getMessage());
            }
        }
        for (Strategy.Condition c :
                item.aggCondition = optional(item.aggCondition, "agg_condition")) {
            condition(c, "agg_condition");
        }
        for (List<Strategy.TargetRule> group : item.target = optional(item.target, "target")) {
            for (Strategy.TargetRule r : required(group, "target[]")) {
                if (r.field == null || !TargetScope.FIELDS.contains(r.field)) {
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
        item.noDataConfig.aggDimension =
                optional(item.noDataConfig.aggDimension, "no_data_config.agg_dimension");
    }

    /**
     * Checks one condition clause ({@code field} names the list it is in) and fills its default
     * joiner.
     */
    public static void condition(Strategy.Condition c, String field) throws InvalidInputException {
        if (c.key == null || c.key.isEmpty()) {
            throw invalid(field + "[].key is required");
        }
        if (c.method == null || !ConditionMatcher.METHODS.contains(c.method)) {
            throw invalid(
                    field + "[].method " + c.method + " is not one of " + ConditionMatcher.METHODS);
        }
        c.condition = c.condition == null ? "and" : c.condition;
        oneOf(c.condition, field + "[].condition", "and", "or");
        required(c.value, field + "[].value");
        if (c.method.equals("reg") || c.method.equals("nreg")) {
            for (String v : c.value) {
                try {
                    Pattern.compile(v);
                } catch (PatternSyntaxException e) {
                    throw invalid(field + "[].value is not a regular expression: " + v);
                }
            }
        }
    }

    private static void detect(Strategy.Detect d) throws InvalidInputException {
        level(d.level, "detects[].level");
        if (d.triggerConfig == null || d.triggerConfig.count < 1) {
            throw invalid("trigger_config.count must be at least 1");
        }
        if (d.triggerConfig.checkWindow < d.triggerConfig.count) {
            throw invalid("trigger_config.check_window must be at least count");
        }
        if (d.recoveryConfig == null || d.recoveryConfig.checkWindow < 1) {
            throw invalid("recovery_config.check_window must be at least 1");
        }
        oneOf(d.recoveryConfig.statusSetter, "recovery_config.status_setter", "recovery", "close");
    }

    private static void notice(Strategy s) throws InvalidInputException {
        if (s.notice == null || s.notice.config == null) {
            throw invalid("notice and notice.config must be objects");
        }
        s.notice.userGroups = optional(s.notice.userGroups, "notice.user_groups");
        s.notice.noticeWays = optional(s.notice.noticeWays, "notice.notice_ways");
        s.notice.signal = optional(s.notice.signal, "notice.signal");
        Strategy.NoticeOptions o = s.notice.config;
        oneOf(o.intervalNotifyMode, "notice.config.interval_notify_mode", "standard", "increasing");
        if (o.notifyInterval < 60) {
            throw invalid("notice.config.notify_interval must be at least 60 seconds");
        }
        if (o.upgradeConfig == null) {
            o.upgradeConfig = new Strategy.UpgradeConfig();
        }
        o.upgradeConfig.userGroups =
                optional(o.upgradeConfig.userGroups, "notice.config.upgrade_config.user_groups");
        if (o.upgradeConfig.isEnabled && o.upgradeConfig.upgradeInterval < 1) {
            throw invalid("notice.config.upgrade_config.upgrade_interval must be at least 1");
        }
    }

    /** A list that must hold at least one element and no nulls. */
    private static <T> List<T> required(List<T> list, String field) throws InvalidInputException {
        if (list == null || list.isEmpty()) {
            throw invalid(field + " must hold at least one element");
        }
        return optional(list, field);
    }

    /** A list that may be absent (read as empty) but holds no nulls. */
    private static <T> List<T> optional(List<T> list, String field) throws InvalidInputException {
        if (list == null) {
            return new ArrayList<>();
        }
        for (T t : list) {
            if (t == null) {
                throw invalid(field + " must not hold null");
            }
        }
        return list;
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
