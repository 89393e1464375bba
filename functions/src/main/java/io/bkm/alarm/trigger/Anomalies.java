package io.bkm.alarm.trigger;

import io.bkm.alarm.common.Json;
import io.bkm.alarm.event.MonitorEventAdapter;
import io.bkm.alarm.gse.GseDimensions;
import io.bkm.alarm.model.AnomalyRecord;
import io.bkm.alarm.model.Event;
import io.bkm.alarm.model.GseRecord;
import io.bkm.alarm.strategy.Strategy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Anomaly records from GSE records, and monitor events from triggered anomalies. */
public final class Anomalies {
    /** bk-monitor's tenant outside multi-tenant mode. */
    public static final String DEFAULT_TENANT = "system";

    private Anomalies() {}

    /**
     * A GSE record bound to a strategy: one level, that of the first item's first algorithm
     * (§1.1.10 step 5); anomaly id {@code md5.time.strategy.item.level}.
     *
     * @param md5Dimension {@link GseDimensions#md5} of the record, already the operator's key
     */
    public static AnomalyRecord of(GseRecord r, String md5Dimension, Strategy s) {
        Strategy.Item item = s.firstItem();
        AnomalyRecord a = boundTo(s, r.hostInfo.bizId);
        a.md5Dimension = md5Dimension;
        a.time = r.time;
        a.receivedAt = r.receivedAt;
        int level = item.algorithms.get(0).level;
        Strategy.Detect d = s.detect(level);
        a.levels = new int[] {level};
        a.anomalyIds = new String[] {anomalyId(a, level)};
        a.messages = new String[] {r.message};
        a.triggerCounts = new int[] {d.triggerConfig.count};
        a.triggerWindows = new int[] {d.triggerConfig.checkWindow};
        a.dimensionsJson = Json.write(GseDimensions.dimensions(r));
        a.dimensionFields = GseDimensions.dimensionFields(r);
        a.additionalDimensionsJson = Json.write(GseDimensions.additional(r));
        a.host = r.hostInfo;
        return a;
    }

    /** An anomaly record of a business with what it needs of the strategy's first item. */
    public static AnomalyRecord boundTo(Strategy s, String bkBizId) {
        Strategy.Item item = s.firstItem();
        AnomalyRecord a = new AnomalyRecord();
        a.strategyId = s.id;
        a.itemId = item.id;
        a.bkBizId = bkBizId;
        a.strategyName = s.name;
        a.scenario = s.scenario;
        a.dataType = item.dataType;
        a.metricIds = item.metricIds.toArray(new String[0]);
        a.itemName = item.name;
        a.unit = item.aggInterval;
        return a;
    }

    /** §1.1.10 step 5: {@code md5_dimension.time.strategy.item.level}. */
    public static String anomalyId(AnomalyRecord a, int level) {
        return a.recordId() + "." + a.strategyId + "." + a.itemId + "." + level;
    }

    /**
     * The {@code dedupe_md5} the monitor event of {@code a} would have; dedupe keys hold no level,
     * so the first one stands for all.
     */
    public static String dedupeMd5(AnomalyRecord a) {
        String id = anomalyId(a, a.levels[0]);
        a.anomalyIds = new String[] {id};
        a.messages = new String[] {""};
        return event(a, 0, List.of(id)).dedupeMd5;
    }

    /**
     * The monitor event of a triggered level (§1.4), with the host fields enrichment would set, so
     * it needs no second CMDB lookup.
     *
     * @param i the index of the triggered level in the record's arrays
     * @param windowIds the anomaly ids in the window, oldest first
     */
    public static Event event(AnomalyRecord a, int i, List<String> windowIds) {
        long firstTime = Long.parseLong(windowIds.get(0).split("\\.")[1]);
        Event e =
                MonitorEventAdapter.adapt(
                        new MonitorEventAdapter.Anomaly(
                                a.strategyId,
                                a.bkBizId,
                                DEFAULT_TENANT,
                                a.strategyName,
                                a.scenario,
                                a.dataType,
                                Arrays.asList(a.metricIds),
                                a.itemName,
                                map(a.dimensionsJson),
                                Arrays.asList(a.dimensionFields),
                                map(a.additionalDimensionsJson),
                                a.anomalyIds[i],
                                a.levels[i],
                                a.messages[i],
                                a.value,
                                a.time,
                                new ArrayList<>(windowIds),
                                firstTime,
                                a.receivedAt,
                                a.noData));
        if (a.host != null && "HOST".equals(e.targetType)) {
            e.bkHostId = Long.toString(a.host.hostId);
            e.ip = a.host.ip;
            e.ipv6 = a.host.ipv6;
            e.bkCloudId = Integer.toString(a.host.cloudId);
            e.bkTopoNode = a.host.topoNodes;
        }
        return e;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(String json) {
        try {
            return Json.MAPPER.readValue(json, LinkedHashMap.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
