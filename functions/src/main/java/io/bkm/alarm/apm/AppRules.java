package io.bkm.alarm.apm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each application's rules in force (its own, then the global ones), made once per set of rules
 * rather than for every span: most applications have none of their own and share the global ones.
 */
final class AppRules {
    private static final int KEPT = 1_000;

    private final List<DiscoverRule> global;
    private final DiscoverRules globalOnly;
    private final Map<String, DiscoverRules> own =
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, DiscoverRules> eldest) {
                    return size() > KEPT;
                }
            };

    AppRules(List<DiscoverRule> global) {
        this.global = global;
        this.globalOnly = new DiscoverRules(List.of(), global);
    }

    DiscoverRules of(ApmApp app) {
        if (app.rules.length == 0) {
            return globalOnly;
        }
        return own.computeIfAbsent(app.rulesKey, k -> app.rulesWith(global));
    }
}
