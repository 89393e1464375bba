package io.bkm.alarm.shield;

import io.bkm.alarm.model.Alert;
import io.bkm.alarm.model.AlertDimension;
import io.bkm.alarm.model.Event;
import io.bkm.alarm.model.Tag;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * What a shield's dimensions are matched against: the alert's dimensions and its event's tags (each
 * also without its {@code tags.} prefix), {@code strategy_id}, {@code level} (severity), {@code
 * bk_biz_id}, {@code alert_id}, the host fields and bk-monitor's aliases of the target ones ({@code
 * ip}/{@code bk_target_ip}, {@code bk_cloud_id}/{@code bk_target_cloud_id}).
 */
final class ShieldDimensions {
    private ShieldDimensions() {}

    static Map<String, Object> of(Alert a) {
        Map<String, Object> d = new HashMap<>();
        Event e = a.event;
        if (e != null && e.tags != null) {
            for (Tag t : e.tags) {
                Object v = t.values != null ? Arrays.asList(t.values) : t.value;
                d.put("tags." + t.key, v);
            }
        }
        if (a.dimensions != null) {
            for (AlertDimension x : a.dimensions) {
                d.put(x.key, x.value);
            }
        }
        for (String key : d.keySet().toArray(new String[0])) {
            if (key.startsWith("tags.")) {
                d.putIfAbsent(key.substring(5), d.get(key));
            }
        }
        if (e != null) {
            putIfSet(d, "ip", e.ip);
            putIfSet(d, "bk_cloud_id", e.bkCloudId);
            putIfSet(d, "bk_host_id", e.bkHostId);
            putIfSet(d, "bk_service_instance_id", e.bkServiceInstanceId);
            if (e.bkTopoNode != null) {
                d.putIfAbsent("bk_topo_node", Arrays.asList(e.bkTopoNode));
            }
        }
        alias(d, "ip", "bk_target_ip");
        alias(d, "bk_cloud_id", "bk_target_cloud_id");
        d.put("strategy_id", a.strategyId == null ? 0 : a.strategyId);
        d.put("level", a.severity);
        d.put("bk_biz_id", a.bkBizId);
        d.put("alert_id", a.id);
        return d;
    }

    private static void putIfSet(Map<String, Object> d, String key, String value) {
        if (value != null && !value.isEmpty()) {
            d.putIfAbsent(key, value);
        }
    }

    private static void alias(Map<String, Object> d, String a, String b) {
        if (d.get(a) == null && d.get(b) != null) {
            d.put(a, d.get(b));
        } else if (d.get(b) == null && d.get(a) != null) {
            d.put(b, d.get(a));
        }
    }
}
