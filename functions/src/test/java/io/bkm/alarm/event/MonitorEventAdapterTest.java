package io.bkm.alarm.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.bkm.alarm.model.Event;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MonitorEventAdapterTest {
    /** The disk-full example of behaviour spec §1.1.10 / §1.4, strategy 3051 in business 5. */
    static MonitorEventAdapter.Anomaly diskFull(boolean noData) {
        Map<String, Object> dims = new LinkedHashMap<>();
        dims.put("bk_target_ip", "10.20.30.40");
        dims.put("bk_target_cloud_id", 0);
        dims.put("bk_host_id", 88213);
        dims.put("bk_topo_node", List.of("biz|5", "module|731", "set|120"));
        dims.put("disk", "/data");
        dims.put("file_system", "/dev/vdb1");
        dims.put("fstype", "ext4");
        String anomalyId = "3144b40649bfe1c6e268b6ab865d3caa.1716950033.3051.4102.2";
        return new MonitorEventAdapter.Anomaly(
                3051,
                "5",
                "system",
                "Disk full",
                "os",
                "event",
                List.of("bk_monitor.disk-full-gse"),
                "Disk full",
                dims,
                List.of("bk_target_ip", "bk_target_cloud_id", "file_system", "fstype", "disk"),
                Map.of(),
                anomalyId,
                2,
                "disk(/data) only 4% free",
                null,
                1716950033L,
                List.of(anomalyId),
                1716950033L,
                1716950036L,
                noData);
    }

    @Test
    void reproducesTheSpecsDiskFullMonitorEventAndItsFingerprints() {
        Event e = MonitorEventAdapter.adapt(diskFull(false));
        assertThat(e.targetType).isEqualTo("HOST");
        assertThat(e.target).isEqualTo("10.20.30.40|0");
        assertThat(e.tags)
                .extracting(t -> t.key + "=" + t.value)
                .containsExactly("disk=/data", "file_system=/dev/vdb1", "fstype=ext4");
        assertThat(e.dedupeKeys)
                .containsExactly(
                        "strategy_id",
                        "target_type",
                        "target",
                        "bk_biz_id",
                        "tags.disk",
                        "tags.file_system",
                        "tags.fstype");
        assertThat(e.metric).containsExactly("bk_monitor.disk-full-gse", "Disk full");
        assertThat(e.pluginId).isEqualTo("bkmonitor");
        assertThat(e.severity).isEqualTo(2);
        assertThat(e.category).isEqualTo("os");
        assertThat(e.dedupeMd5).isEqualTo("9439c11e71a4189c5cd5159b98731fac");
        assertThat(e.id).isEqualTo("8bf9a1b61cf53f201d8d66b38ad75c82");
        assertThat(e.extraInfo)
                .contains(
                        "\"anomaly_ids\":[\"3144b40649bfe1c6e268b6ab865d3caa.1716950033.3051.4102.2\"]");
    }

    @Test
    void noDataEventsAreNamedSo() {
        assertThat(MonitorEventAdapter.adapt(diskFull(true)).alertName)
                .isEqualTo("[No data] Disk full");
    }

    @Test
    void targetsFollowThePriorityOrder() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("bk_host_id", 7);
        d.put("bk_target_ip", "10.0.0.1");
        d.put("app", "x");
        var t = MonitorEventAdapter.extractTarget(d, List.of("bk_host_id", "bk_target_ip", "app"));
        assertThat(t.type()).isEqualTo("HOST");
        assertThat(t.target()).isEqualTo("7");
        assertThat(t.tags()).containsOnlyKeys("app");

        assertThat(
                        MonitorEventAdapter.extractTarget(
                                        Map.of("bk_target_ip", "10.0.0.1"), List.of("bk_target_ip"))
                                .target())
                .isEqualTo("10.0.0.1");
        assertThat(
                        MonitorEventAdapter.extractTarget(
                                        Map.of("ip", "10.0.0.1", "bk_cloud_id", 2),
                                        List.of("ip", "bk_cloud_id"))
                                .target())
                .isEqualTo("10.0.0.1|2");
        var service =
                MonitorEventAdapter.extractTarget(
                        Map.of("bk_target_service_instance_id", 31),
                        List.of("bk_target_service_instance_id"));
        assertThat(service.type() + " " + service.target()).isEqualTo("SERVICE 31");
        var topo =
                MonitorEventAdapter.extractTarget(
                        Map.of("bk_obj_id", "module", "bk_inst_id", 731),
                        List.of("bk_obj_id", "bk_inst_id"));
        assertThat(topo.type() + " " + topo.target()).isEqualTo("TOPO module|731");
        var pod =
                MonitorEventAdapter.extractTarget(
                        Map.of("bcs_cluster_id", "BCS-K8S-1", "pod_name", "api-7d9"),
                        List.of("bcs_cluster_id", "pod_name"));
        assertThat(pod.type() + " " + pod.target()).isEqualTo("K8S-POD api-7d9");
        var apm =
                MonitorEventAdapter.extractTarget(
                        Map.of("app_name", "shop", "service_name", "cart"),
                        List.of("app_name", "service_name"));
        assertThat(apm.type() + " " + apm.target()).isEqualTo("APM-SERVICE shop:cart");
        // dimensions outside dimension_fields are left out; the no-data marker and tags. prefix are
        // handled
        var nodata =
                MonitorEventAdapter.extractTarget(
                        Map.of("tags.__NO_DATA_DIMENSION__", true, "secret", "x"), List.of());
        assertThat(nodata.type()).isEmpty();
        assertThat(nodata.tags()).containsOnlyKeys("__NO_DATA_DIMENSION__");
    }
}
