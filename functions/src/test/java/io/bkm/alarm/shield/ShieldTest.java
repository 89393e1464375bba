package io.bkm.alarm.shield;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.model.Alert;
import io.bkm.alarm.model.AlertDimension;
import io.bkm.alarm.model.Event;
import io.bkm.alarm.model.EventStatus;
import io.bkm.alarm.model.Tag;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Which alerts a shield's scope covers, and which shields hold for an alert. */
class ShieldTest {
    static Alert alert() {
        Alert a = new Alert();
        a.id = "17169500401";
        a.strategyId = 900L;
        a.bkBizId = "5";
        a.severity = 2;
        a.status = EventStatus.ABNORMAL;
        a.updateTime = 1000L;
        a.dimensions =
                new AlertDimension[] {
                    new AlertDimension("tags.device_name", "/dev/vda1", "device", "/dev/vda1")
                };
        a.event = new Event();
        a.event.ip = "10.0.0.1";
        a.event.bkCloudId = "0";
        a.event.tags = new Tag[] {new Tag("device_name", "/dev/vda1"), new Tag("app", "pay")};
        return a;
    }

    static ObjectNode shield(long id, String dimensionConfig) throws Exception {
        ObjectNode s = Json.MAPPER.createObjectNode().put("id", id).put("bk_biz_id", 5);
        s.put("begin_time", 500).put("end_time", 2000);
        s.set("dimension_config", Json.MAPPER.readTree(dimensionConfig));
        return s;
    }

    static boolean covers(String dimensionConfig) throws Exception {
        Shield s = Shield.parse(shield(1, dimensionConfig), 1, ZoneOffset.UTC);
        return s.appliesTo("5") && s.matches(ShieldDimensions.of(alert()));
    }

    @Test
    void scopeByStrategySeverityAlertAndTarget() throws Exception {
        assertThat(covers("{}")).as("the whole business").isTrue();
        assertThat(covers("{\"strategy_id\": [900, 901]}")).isTrue();
        assertThat(covers("{\"strategy_id\": [901]}")).isFalse();
        assertThat(covers("{\"strategy_id\": [900], \"level\": [1]}")).isFalse();
        assertThat(covers("{\"strategy_id\": [900], \"level\": [2, 3]}")).isTrue();
        assertThat(covers("{\"alert_id\": [\"17169500401\"]}")).isTrue();
        assertThat(covers("{\"alert_id\": [\"17169500402\"]}")).isFalse();
        assertThat(covers("{\"bk_target_ip\": [\"10.0.0.1\"]}")).as("ip alias").isTrue();
        assertThat(covers("{\"ip\": [\"10.0.0.2\"]}")).isFalse();
        // bk-monitor's "all" markers and private keys are ignored
        assertThat(covers("{\"level\": [\"00\"], \"_note\": [\"x\"]}")).isTrue();
    }

    @Test
    void dimensionConditionsMatchTagsWithOrWithoutTheirPrefix() throws Exception {
        assertThat(covers(conditions("device_name", "eq", "/dev/vda1"))).isTrue();
        assertThat(covers(conditions("tags.device_name", "eq", "/dev/vda1"))).isTrue();
        assertThat(covers(conditions("app", "eq", "pay", "web"))).as("in").isTrue();
        assertThat(covers(conditions("app", "neq", "pay", "web"))).as("not in").isFalse();
        assertThat(covers(conditions("app", "neq", "web"))).isTrue();
        assertThat(covers(conditions("device_name", "include", "vda"))).isTrue();
        assertThat(covers(conditions("missing", "eq", "x"))).isFalse();
        assertThat(
                        covers(
                                "{\"dimension_conditions\": ["
                                        + "{\"key\":\"app\",\"method\":\"eq\",\"value\":[\"web\"]},"
                                        + "{\"key\":\"app\",\"method\":\"eq\",\"value\":[\"pay\"],"
                                        + "\"condition\":\"or\"}]}"))
                .as("or groups")
                .isTrue();
    }

    private static String conditions(String key, String method, String... values) {
        return "{\"dimension_conditions\": [{\"key\":\""
                + key
                + "\",\"method\":\""
                + method
                + "\",\"value\":"
                + Json.write(Json.MAPPER.valueToTree(values))
                + "}]}";
    }

    @Test
    void theStatusListsHoldingShieldsLongestFirst() throws Exception {
        Shields shields = new Shields(ZoneOffset.UTC);
        ObjectNode shorter = shield(11, "{}").put("end_time", 1500);
        shields.put(11, Json.write(shorter));
        shields.put(12, Json.write(shield(12, "{\"strategy_id\": [900]}")));
        shields.put(13, Json.write(shield(13, "{\"strategy_id\": [1]}")));
        ObjectNode otherBiz = shield(14, "{}").put("bk_biz_id", 6);
        shields.put(14, Json.write(otherBiz));
        ObjectNode disabled = shield(15, "{}").put("is_enabled", false);
        shields.put(15, Json.write(disabled));

        Shields.Status s = shields.at(alert(), 1000);
        assertThat(s.shielded()).isTrue();
        assertThat(s.ids()).containsExactly("12", "11");
        assertThat(s.leftSeconds()).isEqualTo(1001); // to 2000 inclusive
        assertThat(shields.at(alert(), 400).shielded()).as("before begin").isFalse();
        assertThat(shields.at(alert(), 1800).ids()).containsExactly("12");
        shields.remove(12);
        assertThat(shields.at(alert(), 1800).shielded()).isFalse();
    }

    @Test
    void theExampleShieldCoversItsModulesDiskAlertsOnFridayNights() throws Exception {
        var json =
                Json.MAPPER.readTree(
                        java.nio.file.Files.readString(
                                java.nio.file.Path.of("../conf/examples/shield.json")));
        Shield s = Shield.parse(json, 21, java.time.ZoneId.of("Asia/Shanghai"));
        Alert a = alert();
        a.bkBizId = "2";
        a.strategyId = 3L;
        a.event.bkTopoNode = new String[] {"biz|2", "module|5"};
        assertThat(s.appliesTo("2") && s.matches(ShieldDimensions.of(a))).isTrue();
        a.event.bkTopoNode = new String[] {"module|6"};
        assertThat(s.matches(ShieldDimensions.of(a))).isFalse();
        assertThat(s.times.activeAt(ShieldTimesTest.at("2026-11-21 01:00:00"))).isTrue();
        assertThat(s.times.activeAt(ShieldTimesTest.at("2026-11-21 03:00:00"))).isFalse();
    }

    @Test
    void badScopesAreRefused() {
        assertThatThrownBy(() -> covers(conditions("app", "like", "x")))
                .hasMessageContaining("dimension_conditions[].method");
        assertThatThrownBy(() -> covers("[1]")).hasMessageContaining("dimension_config");
        assertThatThrownBy(
                        () ->
                                Shield.parse(
                                        Json.MAPPER.createObjectNode().put("id", 1),
                                        1,
                                        ZoneOffset.UTC))
                .hasMessageContaining("bk_biz_id");
    }
}
