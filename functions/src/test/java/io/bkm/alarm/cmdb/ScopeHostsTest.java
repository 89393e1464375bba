package io.bkm.alarm.cmdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.bkm.alarm.common.Json;
import io.bkm.alarm.strategy.Strategy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScopeHostsTest {
    private static String host(long id, String ip, int biz, int module) {
        return """
               {"bk_host_id": %d, "bk_host_innerip": "%s", "bk_cloud_id": 0, "bk_biz_id": %d,
                "topo_link": {"module|%d": [{"bk_obj_id": "module", "bk_inst_id": %d},
                                             {"bk_obj_id": "set", "bk_inst_id": 100},
                                             {"bk_obj_id": "biz", "bk_inst_id": %d}]}}
               """
                .formatted(id, ip, biz, module, module, biz);
    }

    private static Strategy.Item item(String targetJson) throws Exception {
        Strategy.Item item = new Strategy.Item();
        item.target =
                Json.MAPPER.readValue(
                        targetJson,
                        Json.MAPPER
                                .getTypeFactory()
                                .constructCollectionType(
                                        List.class,
                                        Json.MAPPER
                                                .getTypeFactory()
                                                .constructCollectionType(
                                                        List.class, Strategy.TargetRule.class)));
        return item;
    }

    @Test
    void theHostsOfAWatchedModuleInTheStrategysBusinessEachOnce() throws Exception {
        Map<String, String> hash = new LinkedHashMap<>();
        hash.put("10.0.0.1|0", host(1, "10.0.0.1", 5, 731));
        hash.put("1", host(1, "10.0.0.1", 5, 731)); // the same host under its id
        hash.put("10.0.0.2|0", host(2, "10.0.0.2", 5, 731));
        hash.put("10.0.0.3|0", host(3, "10.0.0.3", 5, 732)); // another module
        hash.put("10.0.0.4|0", host(4, "10.0.0.4", 6, 731)); // another business
        hash.put("10.0.0.5|0", "not a host");
        Strategy.Item item =
                item(
                        "[[{\"field\": \"host_topo_node\", \"method\": \"eq\", \"value\":"
                                + " [{\"bk_obj_id\": \"module\", \"bk_inst_id\": 731}]}]]");
        assertThat(ScopeHosts.needsCmdb(item)).isTrue();
        assertThat(ScopeHosts.of(item, 5, hash)).containsExactly("10.0.0.1|0", "10.0.0.2|0");
    }

    @Test
    void staticIpTargetsNeedNoCmdb() throws Exception {
        assertThat(
                        ScopeHosts.needsCmdb(
                                item(
                                        "[[{\"field\": \"bk_target_ip\", \"method\": \"eq\","
                                                + " \"value\": [{\"ip\": \"10.0.0.1\"}]}]]")))
                .isFalse();
        assertThat(ScopeHosts.needsCmdb(item("[]"))).isFalse();
    }
}
