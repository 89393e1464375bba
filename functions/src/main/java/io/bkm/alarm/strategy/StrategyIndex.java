package io.bkm.alarm.strategy;

import io.bkm.alarm.common.InvalidInputException;
import io.bkm.alarm.common.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The strategies in force and which of them a record of a business and metric is bound to: the
 * business's own strategies on that metric, else the built-ins ({@code bk_biz_id} 0). A business
 * strategy on a metric, even a disabled one, replaces the built-ins for that business and metric.
 */
public final class StrategyIndex {
    /**
     * Every strategy by the metrics its first item watches, in id order: lookups are per record.
     */
    private final Map<String, List<Strategy>> byMetric = new HashMap<>();

    private final Map<Long, Strategy> byId = new HashMap<>();

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
                            Strategy s = StrategyParser.parse(Json.MAPPER.readTree(json), id);
                            index.byId.put(id, s);
                            for (String metric : new LinkedHashSet<>(s.firstItem().metricIds)) {
                                index.byMetric
                                        .computeIfAbsent(metric, m -> new ArrayList<>())
                                        .add(s);
                            }
                        } catch (IOException | InvalidInputException e) {
                            // only validated JSON is ever stored; nothing to bind to otherwise
                        }
                    }
                });
        return index;
    }

    /** The strategy with this id, enabled or not; null when there is none (or it was deleted). */
    public Strategy byId(long id) {
        return byId.get(id);
    }

    /**
     * Enabled strategies, in id order, whose first item watches {@code metricId} for the business.
     */
    public List<Strategy> bound(long bizId, String metricId) {
        List<Strategy> watching = byMetric.getOrDefault(metricId, List.of());
        List<Strategy> own = new ArrayList<>();
        boolean overridden = false;
        for (Strategy s : watching) {
            if (s.bkBizId == bizId) {
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
        for (Strategy s : watching) {
            if (s.bkBizId == 0 && s.enabled) {
                shipped.add(s);
            }
        }
        return shipped;
    }
}
