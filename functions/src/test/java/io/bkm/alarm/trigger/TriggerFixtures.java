package io.bkm.alarm.trigger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.gse.GseTypes;
import io.bkm.alarm.model.GseRecord;
import io.bkm.alarm.model.HostInfo;
import io.bkm.alarm.model.RawMessage;
import io.bkm.alarm.model.Tag;
import io.bkm.alarm.strategy.Strategies;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** The disk-full record of behaviour spec §1.1.10 and strategies to bind it to. */
public final class TriggerFixtures {
    public static final long T = 1_716_950_033L;
    public static final Map<Long, String> SHIPPED = load();

    private TriggerFixtures() {}

    private static Map<Long, String> load() {
        try {
            return Strategies.load(Path.of("../conf/strategies"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static HostInfo host(long id, String ip, String biz) {
        HostInfo h = new HostInfo();
        h.hostId = id;
        h.ip = ip;
        h.ipv6 = "";
        h.cloudId = 0;
        h.bizId = biz;
        h.state = "运营中[需告警]";
        h.topoNodes = new String[] {"biz|" + biz, "module|731", "set|120"};
        return h;
    }

    public static GseRecord diskFull(long time, HostInfo h, String disk) {
        GseRecord r = new GseRecord();
        r.type = GseTypes.DISK_FULL;
        r.metricId = GseTypes.METRIC_IDS.get(GseTypes.DISK_FULL);
        r.time = time;
        r.receivedAt = time + 3;
        r.host = h.ip;
        r.cloudId = 0;
        r.message = "disk(" + disk + ") only 4% free";
        r.dimensions =
                new Tag[] {
                    new Tag("file_system", "/dev/vdb1"),
                    new Tag("fstype", "ext4"),
                    new Tag("disk", disk)
                };
        r.hostInfo = h;
        return r;
    }

    /** The shipped disk-full strategy as the spec's strategy 3051 / item 4102 of business 5. */
    public static ObjectNode strategy3051() throws Exception {
        ObjectNode s = (ObjectNode) Json.MAPPER.readTree(SHIPPED.get(3L));
        s.put("id", 3051).put("bk_biz_id", 5).put("name", "Disk full");
        ((ObjectNode) s.path("items").get(0)).put("id", 4102).put("name", "Disk full");
        return s;
    }

    public static RawMessage config(String key, String json) {
        RawMessage m =
                new RawMessage(
                        "bkm_config",
                        0,
                        0,
                        T * 1000,
                        json == null ? null : json.getBytes(StandardCharsets.UTF_8));
        m.key = key;
        return m;
    }
}
