package io.bkm.alarm.detect;

import com.fasterxml.jackson.databind.JsonNode;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.fingerprint.Fingerprint;
import io.bkm.alarm.model.Alert;
import io.bkm.alarm.model.AnomalyRecord;
import io.bkm.alarm.model.NoDataSeries;
import io.bkm.alarm.strategy.Strategy;
import io.bkm.alarm.trigger.Anomalies;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * No-data rules without state or timers (behaviour spec §5.4): which series a strategy's target
 * says must report, and the anomaly a silent series is.
 */
public final class NoDataRules {
    static final String MARKER = Alert.NO_DATA_DIMENSION;

    /** The whole item's series, {@code F({"__NO_DATA_DIMENSION__": true})}. */
    static final String WHOLE_ITEM_MD5 = Fingerprint.of(Map.of(MARKER, true));

    private NoDataRules() {}

    /**
     * The hosts that must report, by fingerprint, when the no-data dimensions are the host's: those
     * a static IP target names and those the CMDB holds under its topology nodes ({@code resolved},
     * {@code "ip|cloud"}).
     */
    static Map<String, NoDataSeries> targets(Strategy s, String[] resolved) {
        List<String> d = s.firstItem().noDataConfig.aggDimension;
        Map<String, NoDataSeries> out = new TreeMap<>();
        if (!d.contains("bk_target_ip")
                || !List.of("bk_target_ip", "bk_target_cloud_id").containsAll(d)) {
            return out; // a dimension a target does not name
        }
        TreeSet<String> hosts = new TreeSet<>();
        for (List<Strategy.TargetRule> group : s.firstItem().target) {
            for (Strategy.TargetRule r : group) {
                if (r.field.equals("ip") || r.field.equals("bk_target_ip")) {
                    for (JsonNode v : r.value) {
                        JsonNode c =
                                v.has("bk_target_cloud_id")
                                        ? v.get("bk_target_cloud_id")
                                        : v.path("bk_cloud_id");
                        hosts.add(
                                v.path(v.has("bk_target_ip") ? "bk_target_ip" : "ip").asText()
                                        + "|"
                                        + (c.isMissingNode() ? "0" : c.asText()));
                    }
                }
            }
        }
        if (resolved != null) {
            hosts.addAll(List.of(resolved));
        }
        for (String host : hosts) {
            int bar = host.lastIndexOf('|');
            Map<String, Object> dims = new LinkedHashMap<>();
            for (String k : d) {
                dims.put(
                        k,
                        k.equals("bk_target_ip")
                                ? host.substring(0, bar)
                                : host.substring(bar + 1));
            }
            dims.put(MARKER, true);
            NoDataSeries x = new NoDataSeries();
            x.bkBizId = Long.toString(s.bkBizId);
            x.dimensionsJson = Json.write(dims);
            x.fromTarget = true;
            out.put(Fingerprint.of(dims), x);
        }
        return out;
    }

    /** The no-data anomaly of a series at {@code time}, without ids or message. */
    static AnomalyRecord anomaly(Strategy s, NoDataSeries x, long time, long at) throws Exception {
        Strategy.NoDataConfig nd = s.firstItem().noDataConfig;
        AnomalyRecord a = Anomalies.boundTo(s, x.bkBizId);
        Map<?, ?> dims = Json.MAPPER.readValue(x.dimensionsJson, LinkedHashMap.class);
        a.md5Dimension = Fingerprint.of(dims);
        a.time = time;
        a.receivedAt = at;
        a.levels = new int[] {nd.level};
        a.triggerCounts = new int[] {nd.continuous};
        a.triggerWindows = new int[] {nd.continuous};
        a.dimensionsJson = x.dimensionsJson;
        a.dimensionFields =
                dims.keySet().stream().map(Object::toString).sorted().toArray(String[]::new);
        a.additionalDimensionsJson = "{}";
        a.noData = true;
        return a;
    }

    /**
     * The anomaly of a series silent in {@code window}, with its id and a message that counts the
     * periods since it was first missing.
     */
    static AnomalyRecord missing(Strategy s, NoDataSeries x, long window, long at)
            throws Exception {
        AnomalyRecord a = anomaly(s, x, window, at);
        Strategy.Item item = s.firstItem();
        long periods = (window - x.firstMissing) / item.aggInterval + 1;
        a.anomalyIds = new String[] {Anomalies.anomalyId(a, a.levels[0])};
        a.messages =
                new String[] {
                    (item.name.isEmpty() ? item.metricIds.get(0) : item.name)
                            + " has had no data for "
                            + periods
                            + (periods == 1 ? " period" : " periods")
                };
        return a;
    }

    /** A series' dimensions as the binding reduces a point: the no-data dimensions, marked. */
    public static Map<String, Object> reduce(Map<String, Object> dimensions) {
        Map<String, Object> d = new LinkedHashMap<>(dimensions);
        d.put(MARKER, true);
        return d;
    }
}
