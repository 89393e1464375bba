package io.bkm.alarm.apm;

import com.fasterxml.jackson.databind.JsonNode;
import io.bkm.alarm.common.InvalidInputException;
import io.bkm.alarm.common.JsonFields;
import io.bkm.alarm.common.Reasons;
import java.util.List;

/**
 * An APM application, from its {@code apm_app:{data_id}} record on {@code bkm_config}: {@code
 * {data_id, bk_biz_id, app_name, retention_days, rules?}}. Its spans come with its data id.
 */
public class ApmApp {
    public static final String CONFIG_PREFIX = "apm_app:";
    public static final int DEFAULT_RETENTION_DAYS = 7;

    public long dataId;
    public String bkBizId;
    public String appName;
    public int retentionDays = DEFAULT_RETENTION_DAYS;

    /** The application's own rules, before the global ones. */
    public DiscoverRule[] rules = new DiscoverRule[0];

    /** The record's rules as JSON, "" without: equal for equal rules. */
    public String rulesKey = "";

    public ApmApp() {}

    /**
     * The record for {@code dataId}, whose key names it; its own {@code data_id}, if any, agrees.
     */
    public static ApmApp parse(long dataId, JsonNode m) throws InvalidInputException {
        JsonFields.requireObject(m, "an APM application");
        ApmApp a = new ApmApp();
        Long own = JsonFields.integer(m, "data_id");
        if (own != null && own != dataId) {
            throw new InvalidInputException(
                    Reasons.INVALID_VALUE,
                    "data_id " + own + " is not the " + dataId + " its key names");
        }
        a.dataId = dataId;
        a.bkBizId = JsonFields.requiredStr(m, "bk_biz_id");
        a.appName = JsonFields.requiredStr(m, "app_name");
        if (a.appName.isEmpty()) {
            throw new InvalidInputException(Reasons.INVALID_VALUE, "app_name is empty");
        }
        Long days = JsonFields.integer(m, "retention_days");
        if (days != null) {
            if (days < 1 || days > 3650) {
                throw new InvalidInputException(
                        Reasons.INVALID_VALUE, "retention_days must be 1 to 3650, not " + days);
            }
            a.retentionDays = days.intValue();
        }
        JsonNode rules = JsonFields.get(m, "rules");
        if (rules != null) {
            a.rules = DiscoverRules.read(rules).toArray(new DiscoverRule[0]);
            a.rulesKey = rules.toString();
        }
        return a;
    }

    /** Its rules in force: its own, then {@code global}. */
    public DiscoverRules rulesWith(List<DiscoverRule> global) {
        return new DiscoverRules(List.of(rules), global);
    }

    public long retentionSeconds() {
        return retentionDays * 86_400L;
    }
}
