package io.bkm.alarm.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bkm.alarm.common.InvalidInputException;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.fingerprint.Fingerprint;
import io.bkm.alarm.model.Alert;
import io.bkm.alarm.model.Event;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A triggered anomaly as bk-monitor's monitor event (behaviour spec §1.4, {@code
 * MonitorEventAdapter}): target extraction by priority, the remaining dimensions as tags and dedupe
 * keys, then the ordinary Event cleaning, so ids and fingerprints match bk-monitor's.
 */
public final class MonitorEventAdapter {
    public static final String PLUGIN_ID = "bkmonitor";
    public static final String NO_DATA_PREFIX = "[No data] ";
    static final String NO_DATA_DIMENSION = Alert.NO_DATA_DIMENSION;

    private MonitorEventAdapter() {}

    /** What the trigger knows about one anomaly and its strategy. */
    public record Anomaly(
            long strategyId,
            String bkBizId,
            String bkTenantId,
            String strategyName,
            String scenario,
            String dataType,
            List<String> metricIds,
            String itemName,
            Map<String, Object> dimensions,
            List<String> dimensionFields,
            Map<String, Object> additionalDimensions,
            String anomalyId,
            int level,
            String message,
            Double value,
            long time,
            List<String> triggerAnomalyIds,
            long anomalyTime,
            long triggerTime,
            boolean noData) {}

    /** Target type and target, and the dimensions left over as tags. */
    public record Target(String type, String target, Map<String, Object> tags) {}

    public static Event adapt(Anomaly a) {
        Target t = extractTarget(a.dimensions(), a.dimensionFields());
        ObjectNode e = Json.MAPPER.createObjectNode();
        e.put("event_id", a.anomalyId());
        e.put("plugin_id", PLUGIN_ID);
        e.put("strategy_id", a.strategyId());
        e.put("bk_biz_id", a.bkBizId());
        e.put("bk_tenant_id", a.bkTenantId());
        e.put("alert_name", (a.noData() ? NO_DATA_PREFIX : "") + a.strategyName());
        e.put("description", a.message());
        e.put("severity", a.level());
        e.put("status", "ABNORMAL");
        e.put("target_type", t.type());
        e.put("target", t.target());
        ArrayNode tags = e.putArray("tags");
        ArrayNode dedupe = e.putArray("dedupe_keys");
        t.tags()
                .forEach(
                        (k, v) -> {
                            tags.addObject().put("key", k).set("value", Json.MAPPER.valueToTree(v));
                            dedupe.add("tags." + k);
                        });
        a.additionalDimensions()
                .forEach(
                        (k, v) ->
                                tags.addObject()
                                        .put("key", k)
                                        .set("value", Json.MAPPER.valueToTree(v)));
        Set<String> metric = new LinkedHashSet<>(a.metricIds());
        if (a.itemName() != null && !a.itemName().isEmpty()) {
            metric.add(a.itemName());
        }
        ArrayNode metrics = e.putArray("metric");
        metric.forEach(metrics::add);
        e.put("category", a.scenario());
        e.put("data_type", a.dataType());
        e.put("time", a.time());
        e.put("anomaly_time", a.anomalyTime());
        e.put("bk_ingest_time", a.triggerTime());
        e.put("bk_clean_time", a.triggerTime());
        ObjectNode extra = e.putObject("extra_info");
        extra.set("additional_dimensions", Json.MAPPER.valueToTree(a.additionalDimensions()));
        ObjectNode origin = extra.putObject("origin_alarm");
        origin.put("trigger_time", a.triggerTime());
        ObjectNode data = origin.putObject("data");
        data.put("time", a.time());
        // a window's aggregate as a number, no data as null, a GSE record's message as text
        if (a.noData()) {
            data.putNull("value");
        } else if (a.value() != null) {
            data.put("value", a.value());
        } else {
            data.put("value", a.message());
        }
        data.set("dimensions", Json.MAPPER.valueToTree(a.dimensions()));
        ObjectNode trigger = origin.putObject("trigger");
        trigger.put("level", Integer.toString(a.level()));
        ArrayNode ids = trigger.putArray("anomaly_ids");
        a.triggerAnomalyIds().forEach(ids::add);
        origin.putObject("dimension_translation");
        try {
            Event event = EventCleaner.clean(e, a.triggerTime());
            event.dedupeMd5 = DedupeKeys.md5(event);
            return event;
        } catch (InvalidInputException ex) {
            throw new IllegalArgumentException(
                    "anomaly cannot become an event: " + ex.getMessage(), ex);
        }
    }

    /**
     * Keeps the dimensions of {@code dimensionFields} (and the no-data marker), strips a {@code
     * tags.} prefix, then finds the target by priority: host id, target IP, IP, service instance,
     * topo node, Kubernetes object, APM service. Keys used for the target do not become tags.
     */
    public static Target extractTarget(
            Map<String, Object> dimensions, List<String> dimensionFields) {
        Set<String> keep = new LinkedHashSet<>(dimensionFields);
        Map<String, Object> d = new LinkedHashMap<>();
        dimensions.forEach(
                (k, v) -> {
                    String key = k.startsWith("tags.") ? k.substring(5) : k;
                    if (keep.contains(k) || keep.contains(key) || key.equals(NO_DATA_DIMENSION)) {
                        d.put(key, v);
                    }
                });
        String type = "";
        String target = "";
        if (present(d, "bk_host_id")) {
            type = "HOST";
            target = str(d.get("bk_host_id"));
            removeHostKeys(d);
        } else if (present(d, "bk_target_ip")) {
            type = "HOST";
            Object cloud =
                    present(d, "bk_target_cloud_id")
                            ? d.get("bk_target_cloud_id")
                            : d.get("bk_cloud_id");
            target = str(d.get("bk_target_ip")) + (isBlank(cloud) ? "" : "|" + str(cloud));
            removeHostKeys(d);
        } else if (present(d, "ip")) {
            type = "HOST";
            target = str(d.get("ip")) + "|" + str(d.getOrDefault("bk_cloud_id", 0));
            removeHostKeys(d);
        } else if (present(d, "bk_target_service_instance_id")
                || present(d, "bk_service_instance_id")) {
            type = "SERVICE";
            target =
                    str(
                            present(d, "bk_target_service_instance_id")
                                    ? d.get("bk_target_service_instance_id")
                                    : d.get("bk_service_instance_id"));
            d.remove("bk_target_service_instance_id");
            d.remove("bk_service_instance_id");
        } else if (present(d, "bk_obj_id") && present(d, "bk_inst_id")) {
            type = "TOPO";
            target = str(d.remove("bk_obj_id")) + "|" + str(d.remove("bk_inst_id"));
        } else if (present(d, "bcs_cluster_id")) {
            if (present(d, "pod_name") || present(d, "pod")) {
                type = "K8S-POD";
                target = str(present(d, "pod_name") ? d.get("pod_name") : d.get("pod"));
            } else if (present(d, "workload_kind") && present(d, "workload_name")) {
                type = "K8S-WORKLOAD";
                target = str(d.get("workload_kind")) + ":" + str(d.get("workload_name"));
            } else if (present(d, "node") || present(d, "node_name")) {
                type = "K8S-NODE";
                target = str(present(d, "node") ? d.get("node") : d.get("node_name"));
            } else if (present(d, "service") || present(d, "service_name")) {
                type = "K8S-SERVICE";
                target = str(present(d, "service") ? d.get("service") : d.get("service_name"));
            }
        } else if (present(d, "app_name") && present(d, "service_name")) {
            type = "APM-SERVICE";
            target = str(d.get("app_name")) + ":" + str(d.get("service_name"));
        }
        return new Target(type, target, d);
    }

    private static void removeHostKeys(Map<String, Object> d) {
        for (String k :
                List.of("bk_host_id", "bk_target_ip", "bk_target_cloud_id", "ip", "bk_cloud_id")) {
            d.remove(k);
        }
    }

    private static boolean present(Map<String, Object> d, String key) {
        return !isBlank(d.get(key));
    }

    private static boolean isBlank(Object v) {
        return v == null || (v instanceof String s && s.isEmpty());
    }

    private static String str(Object v) {
        return v instanceof JsonNode n ? n.asText() : Fingerprint.pythonStr(v);
    }
}
