package io.bkm.alarm.cmdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.model.HostInfo;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class CmdbApiMappingTest {
    private static final CmdbKeys KEYS = new CmdbKeys("p");

    private static JsonNode json(String s) throws IOException {
        return Json.MAPPER.readTree(s);
    }

    @Test
    void eachHostKeyBecomesOneHostSearchAndOtherKeysAreNotAsked() {
        assertThat(CmdbApiMapping.query(KEYS, KEYS.host(), "10.0.0.1|3").get().hostFilter())
                .hasToString(
                        "{\"condition\":\"AND\",\"rules\":[{\"field\":\"bk_host_innerip\","
                                + "\"operator\":\"equal\",\"value\":\"10.0.0.1\"},{\"field\":"
                                + "\"bk_cloud_id\",\"operator\":\"equal\",\"value\":3}]}");
        assertThat(CmdbApiMapping.query(KEYS, KEYS.host(), "42").get().hostFilter().toString())
                .contains("\"field\":\"bk_host_id\"", "\"value\":42");
        assertThat(CmdbApiMapping.query(KEYS, KEYS.hostIp(), "10.0.0.1").get().answer())
                .isEqualTo(CmdbApiMapping.Answer.IP_CLOUD_LIST);
        assertThat(CmdbApiMapping.query(KEYS, KEYS.agentId(), "0200ab").get().answer())
                .isEqualTo(CmdbApiMapping.Answer.HOST_ID);
        assertThat(CmdbApiMapping.query(KEYS, KEYS.host(), "10.0.0.1|x")).isEmpty();
        assertThat(CmdbApiMapping.query(KEYS, KEYS.topo(), "module|1")).isEmpty();
        assertThat(CmdbApiMapping.query(KEYS, KEYS.serviceInstance(), "7")).isEmpty();
        assertThat(CmdbApiMapping.query(KEYS, KEYS.agentId(), "")).isEmpty();
    }

    @Test
    void answersTakeTheCacheShapeWithTopologyFromTheBizRelations() throws Exception {
        List<JsonNode> hosts =
                List.of(
                        json(
                                "{\"bk_host_id\":5,\"bk_host_innerip\":\"10.0.0.5\",\"bk_cloud_id\":2,\"operator\":\"alice,"
                                    + " bob\",\"bk_bak_operator\":\"\","
                                    + "\"bk_state\":\"故障中\",\"bk_agent_id\":\"ag\"}"));
        JsonNode relations =
                json(
                        "[{\"bk_host_id\":5,\"bk_biz_id\":3,\"bk_set_id\":30,\"bk_module_id\":301},"
                            + "{\"bk_host_id\":5,\"bk_biz_id\":3,\"bk_set_id\":31,\"bk_module_id\":311},"
                            + "{\"bk_host_id\":6,\"bk_biz_id\":4,\"bk_set_id\":40,\"bk_module_id\":401}]");
        CmdbApiMapping.Query byId = CmdbApiMapping.query(KEYS, KEYS.host(), "5").get();
        HostInfo h = HostJson.parse(CmdbApiMapping.answer(byId, hosts, relations));
        assertThat(h.hostId).isEqualTo(5);
        assertThat(h.bizId).isEqualTo("3");
        assertThat(h.cloudId).isEqualTo(2);
        assertThat(h.state).isEqualTo("故障中");
        assertThat(h.operators).containsExactly("alice", "bob");
        assertThat(h.bakOperators).isEmpty();
        assertThat(h.topoNodes)
                .containsExactly("biz|3", "module|301", "module|311", "set|30", "set|31");

        CmdbApiMapping.Query byIp = CmdbApiMapping.query(KEYS, KEYS.hostIp(), "10.0.0.5").get();
        assertThat(CmdbApiMapping.answer(byIp, hosts, relations)).isEqualTo("[\"10.0.0.5|2\"]");
        CmdbApiMapping.Query byAgent = CmdbApiMapping.query(KEYS, KEYS.agentId(), "ag").get();
        assertThat(CmdbApiMapping.answer(byAgent, hosts, relations)).isEqualTo("5");
        assertThat(CmdbApiMapping.answer(byId, List.of(), relations)).isNull();
    }

    @Test
    void aRefusedCallIsAnErrorNotAnEmptyAnswer() throws Exception {
        assertThat(CmdbApiMapping.data("{\"result\":true,\"code\":0,\"data\":{\"info\":[]}}"))
                .isNotNull();
        assertThatThrownBy(
                        () ->
                                CmdbApiMapping.data(
                                        "{\"result\":false,\"code\":1199048,\"message\":\"no"
                                                + " permission\"}"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("1199048")
                .hasMessageContaining("no permission");
        assertThatThrownBy(() -> CmdbApiMapping.data("<html>gateway</html>"))
                .isInstanceOf(IOException.class);
    }
}
