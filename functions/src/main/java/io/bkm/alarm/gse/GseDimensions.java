package io.bkm.alarm.gse;

import io.bkm.alarm.fingerprint.Fingerprint;
import io.bkm.alarm.model.GseRecord;
import io.bkm.alarm.model.HostInfo;
import io.bkm.alarm.model.Tag;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dimensions of an enriched GSE record as bk-monitor's access step builds them (behaviour spec
 * §1.1.10 steps 2 and 5): the host dimensions that identify the record ({@code md5_dimension}), the
 * dimensions written with it, and the {@code dimension_fields} that become the event's tags.
 */
public final class GseDimensions {
    static final String ADDITIONAL = "__additional_dimensions";

    private GseDimensions() {}

    /**
     * What the record id is a fingerprint of: agent version and host, plus for corefile and OOM the
     * keys their {@code clean_dimensions} adds and the additional dimensions.
     */
    public static Map<String, Object> identity(GseRecord r) {
        Map<String, Object> d = new LinkedHashMap<>();
        Tag agentVersion = find(r.dimensions, "agent_version");
        if (agentVersion != null) {
            d.put("agent_version", agentVersion.value);
        }
        HostInfo h = r.hostInfo;
        d.put("bk_target_ip", h.ip);
        d.put("bk_target_cloud_id", h.cloudId);
        d.put("bk_host_id", h.hostId);
        if (h.topoNodes != null && h.topoNodes.length > 0) {
            d.put("bk_topo_node", Arrays.asList(h.topoNodes));
        }
        if (r.type == GseTypes.COREFILE || r.type == GseTypes.PROCESS) {
            put(d, r.dimensions);
        }
        if (r.type == GseTypes.OOM && r.filterDimensions != null) {
            for (Tag t : r.filterDimensions) {
                if (!"process".equals(t.key) && t.value != null && !"".equals(t.value)) {
                    d.put(t.key, t.value);
                }
            }
        }
        Map<String, Object> extra = additional(r);
        if (!extra.isEmpty()) {
            d.put(ADDITIONAL, extra);
        }
        return d;
    }

    public static String md5(GseRecord r) {
        return Fingerprint.of(identity(r));
    }

    /**
     * The dimensions written with the anomaly: identity (without additional ones) and type dims.
     */
    public static Map<String, Object> dimensions(GseRecord r) {
        Map<String, Object> d = identity(r);
        d.remove(ADDITIONAL);
        if (r.type == GseTypes.DISK_FULL) {
            // bk-monitor's filter_dimensions order, which its tags keep
            for (String k : List.of("disk", "file_system", "fstype")) {
                Tag t = find(r.dimensions, k);
                d.put(k, t == null ? "" : t.value);
            }
        }
        put(d, r.dimensions);
        put(d, r.filterDimensions);
        return d;
    }

    public static Map<String, Object> additional(GseRecord r) {
        Map<String, Object> d = new LinkedHashMap<>();
        put(d, r.additionalDimensions);
        return d;
    }

    /** Target IP and cloud, agent version when present, then the type's own fields. */
    public static String[] dimensionFields(GseRecord r) {
        List<String> f = new ArrayList<>(List.of("bk_target_ip", "bk_target_cloud_id"));
        if (find(r.dimensions, "agent_version") != null) {
            f.add("agent_version");
        }
        if (r.type == GseTypes.COREFILE) {
            f.addAll(List.of("executable_path", "executable", "signal"));
        } else if (r.dimensions != null) {
            for (Tag t : r.dimensions) {
                if (!t.key.equals("agent_version")) {
                    f.add(t.key);
                }
            }
        }
        return f.toArray(new String[0]);
    }

    /** Dimensions the strategy's conditions see: everything the record carries. */
    public static Map<String, Object> conditionView(GseRecord r) {
        Map<String, Object> d = dimensions(r);
        put(d, r.additionalDimensions);
        return d;
    }

    private static void put(Map<String, Object> d, Tag[] tags) {
        if (tags != null) {
            for (Tag t : tags) {
                d.putIfAbsent(t.key, t.value);
            }
        }
    }

    private static Tag find(Tag[] tags, String key) {
        if (tags != null) {
            for (Tag t : tags) {
                if (t.key.equals(key)) {
                    return t;
                }
            }
        }
        return null;
    }
}
