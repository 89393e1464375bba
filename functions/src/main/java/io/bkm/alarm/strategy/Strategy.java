package io.bkm.alarm.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the job needs of a bk-monitor strategy, in bk-monitor's field names (see {@code
 * conf/strategies/README.md} for an annotated example). Read from JSON, validated by {@link
 * StrategyParser}; held in broadcast state as the JSON text it came from, so this class never
 * reaches a serializer.
 */
public class Strategy {
    public long id;

    /** {@code 0}: a built-in that applies to every business without its own strategy. */
    public long bkBizId;

    public String name;
    public boolean enabled = true;
    public String scenario = "os";

    /** Larger wins within one priority group (§1.1.10 step 7); null: no priority. */
    public Integer priority;

    public String priorityGroupKey = "";
    public List<String> labels = new ArrayList<>();
    public List<Item> items = new ArrayList<>();
    public List<Detect> detects = new ArrayList<>();
    public Notice notice = new Notice();

    public Item firstItem() {
        return items.get(0);
    }

    /** The detect config of a level, or null. */
    public Detect detect(int level) {
        for (Detect d : detects) {
            if (d.level == level) {
                return d;
            }
        }
        return null;
    }

    /** One monitored item; the job binds records to a strategy's first item, as bk-monitor. */
    public static class Item {
        public long id;
        public String name = "";
        public List<String> metricIds = new ArrayList<>();

        /** {@code event} or {@code time_series}. */
        public String dataType = "event";

        /** Seconds; the trigger window's unit. */
        public int aggInterval = 60;

        public List<String> aggDimension = new ArrayList<>();
        public String aggMethod = "";
        public List<Condition> aggCondition = new ArrayList<>();

        /** Target scope: OR over groups, AND within a group; empty: every host. */
        public List<List<TargetRule>> target = new ArrayList<>();

        public List<Algorithm> algorithms = new ArrayList<>();
        public NoDataConfig noDataConfig = new NoDataConfig();
    }

    /** One {@code agg_condition} clause; {@code condition} joins it to the clause before. */
    public static class Condition {
        public String key;
        public String method = "eq";
        public List<String> value = new ArrayList<>();
        public String condition = "and";

        private transient List<Pattern> compiled;

        /** {@code value} as patterns, compiled once: conditions run for every record. */
        public List<Pattern> patterns() {
            if (compiled == null) {
                compiled = value.stream().map(Pattern::compile).toList();
            }
            return compiled;
        }
    }

    /** A target scope rule, e.g. {@code host_topo_node eq [{bk_obj_id, bk_inst_id}]}. */
    public static class TargetRule {
        public String field;
        public String method = "eq";
        public JsonNode value;
    }

    public static class Algorithm {
        public int level;
        public String type = "";
        public JsonNode config;
    }

    /** Trigger and recovery per level. */
    public static class Detect {
        public int level;
        public TriggerConfig triggerConfig = new TriggerConfig();
        public RecoveryConfig recoveryConfig = new RecoveryConfig();
    }

    public static class TriggerConfig {
        public int count = 1;
        public int checkWindow = 5;
    }

    public static class RecoveryConfig {
        public int checkWindow = 5;

        /** {@code recovery} or {@code close}. */
        public String statusSetter = "recovery";
    }

    public static class NoDataConfig {
        public boolean isEnabled;
        public int continuous = 5;
        public int level = 2;
        public List<String> aggDimension = new ArrayList<>();
    }

    public static class Notice {
        public List<String> userGroups = new ArrayList<>();
        public List<String> noticeWays = new ArrayList<>();
        public List<String> signal = new ArrayList<>(List.of("abnormal", "recovered", "closed"));
        public NoticeOptions config = new NoticeOptions();
    }

    public static class NoticeOptions {
        /** Seconds between repeat notices. */
        public int notifyInterval = 7200;

        /** {@code standard} or {@code increasing}. */
        public String intervalNotifyMode = "standard";

        public UpgradeConfig upgradeConfig = new UpgradeConfig();
    }

    public static class UpgradeConfig {
        public boolean isEnabled;
        public List<String> userGroups = new ArrayList<>();

        /** Minutes unacknowledged before the next group is told. */
        public int upgradeInterval = 30;
    }
}
