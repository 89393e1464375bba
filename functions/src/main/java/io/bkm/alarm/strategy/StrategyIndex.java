package io.bkm.alarm.strategy;

import io.bkm.alarm.common.InvalidInputException;
import io.bkm.alarm.common.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The strategies in force and which of them a record of a business and metric is bound to: the
 * business's own strategies on that metric, else the built-ins ({@code bk_biz_id} 0). A business
 * strategy on a metric, even a disabled one, replaces the built-ins for that business and metric.
 */
public final class StrategyIndex {
    private final Map<Long, Strategy> byId = new TreeMap<>();

    /**
     * @param shipped id → JSON from {@code conf/strategies}
     * @param runtime id → JSON from {@code bkm_config}; "" deletes
     */
    public static StrategyIndex of(
            Map<Long, String> shipped, Iterable<Map.Entry<Long, String>> runtime) {
        Map<Long, String> merged = new TreeMap<>(shipped);
        for (Map.Entry<Long, String> e : runtime) {
            merged.put(e.getKey(), e.getValue());
        }
        StrategyIndex index = new StrategyIndex();
        merged.forEach(
                (id, json) -> {
                    if (json != null && !json.isEmpty()) {
                        try {
                            index.byId.put(
                                    id, StrategyParser.parse(Json.MAPPER.readTree(json), id));
                        } catch (IOException | InvalidInputException e) {
                            // only validated JSON is ever stored; nothing to bind to otherwise
                        }
                    }
                });
        return index;
    }

    public Strategy get(long id) {
        return byId.get(id);
    }

    /**
     * Enabled strategies, in id order, whose first item watches {@code metricId} for the business.
     */
    public List<Strategy> bound(long bizId, String metricId) {
        List<Strategy> own = new ArrayList<>();
        boolean overridden = false;
        for (Strategy s : byId.values()) {
            if (s.bkBizId == bizId && watches(s, metricId)) {
                overridden = true;
                if (s.enabled) {
                    own.add(s);
                }
            }
        }
        if (overridden) {
            return own;
        }
        List<Strategy> shipped = new ArrayList<>();
        for (Strategy s : byId.values()) {
            if (s.bkBizId == 0 && s.enabled && watches(s, metricId)) {
                shipped.add(s);
            }
        }
        return shipped;
    }

    public Set<Long> ids() {
        return new HashSet<>(byId.keySet());
    }

    private static boolean watches(Strategy s, String metricId) {
        return s.firstItem().metricIds.contains(metricId);
    }
}
