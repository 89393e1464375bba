package io.bkm.alarm.event;

import io.bkm.alarm.fingerprint.Fingerprint;
import io.bkm.alarm.model.Event;
import io.bkm.alarm.model.Tag;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** {@code dedupe_keys} and {@code dedupe_md5} (behaviour spec §2.2 rule 7 and §2.4). */
public final class DedupeKeys {
    static final List<String> DEFAULT_FIELDS =
            List.of("alert_name", "strategy_id", "target_type", "target", "bk_biz_id");

    private static final Set<String> CONTINUITY_TARGET_TYPES =
            Set.of("K8S-POD", "K8S-NODE", "K8S-SERVICE", "K8S-WORKLOAD", "APM-SERVICE");

    private DedupeKeys() {}

    /** The defaults (one of alert_name / strategy_id dropped) then the supplied keys, once each. */
    public static String[] keys(boolean hasStrategy, String[] supplied) {
        Set<String> keys = new LinkedHashSet<>(DEFAULT_FIELDS);
        keys.remove(hasStrategy ? "alert_name" : "strategy_id");
        if (supplied != null) {
            keys.addAll(Arrays.asList(supplied));
        }
        return keys.toArray(new String[0]);
    }

    /**
     * F of the dedupe-key values. Called after enrichment, so that CMDB rewrites of target and
     * business are part of it.
     */
    public static String md5(Event e) {
        boolean continuity = e.targetType != null && CONTINUITY_TARGET_TYPES.contains(e.targetType);
        Object[] values = new Object[e.dedupeKeys.length];
        for (int i = 0; i < values.length; i++) {
            String key = e.dedupeKeys[i];
            if (continuity && "target".equals(key)) {
                values[i] = null;
            } else if (continuity && "target_type".equals(key)) {
                values[i] = "";
            } else {
                values[i] = valueOf(e, key);
            }
        }
        return Fingerprint.of(values);
    }

    /** The value a dedupe key reads: a tag for {@code tags.X}, else the top-level field. */
    public static Object valueOf(Event e, String key) {
        if (key.startsWith("tags.")) {
            Tag t = e.tag(key.substring(5));
            return t == null ? null : t.hashValue();
        }
        return switch (key) {
            case "id" -> e.id;
            case "event_id" -> e.eventId;
            case "plugin_id" -> e.pluginId;
            case "strategy_id" -> e.strategyId;
            case "alert_name" -> e.alertName;
            case "description" -> e.description;
            case "severity" -> e.severity;
            case "data_type" -> e.dataType;
            case "target_type" -> e.targetType;
            case "target" -> e.target;
            case "assignee" -> e.assignee == null ? null : Arrays.asList(e.assignee);
            case "status" -> e.status;
            case "metric" -> e.metric == null ? null : Arrays.asList(e.metric);
            case "category" -> e.category;
            case "time" -> e.time;
            case "anomaly_time" -> e.anomalyTime;
            case "bk_ingest_time" -> e.bkIngestTime;
            case "bk_clean_time" -> e.bkCleanTime;
            case "bk_biz_id" -> e.bkBizId;
            case "ip" -> e.ip;
            case "bk_cloud_id" -> e.bkCloudId;
            case "bk_service_instance_id" -> e.bkServiceInstanceId;
            case "bk_host_id" -> e.bkHostId;
            case "ipv6" -> e.ipv6;
            case "bk_topo_node" -> e.bkTopoNode == null ? null : Arrays.asList(e.bkTopoNode);
            case "bk_tenant_id" -> e.bkTenantId;
            default -> null;
        };
    }
}
