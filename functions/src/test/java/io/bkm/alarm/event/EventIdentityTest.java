package io.bkm.alarm.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bkm.alarm.TestData;
import io.bkm.alarm.model.Event;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventIdentityTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void passesEverySharedEventIdentityVector() throws Exception {
        List<String> lines = TestData.lines("event-identity-vectors.jsonl");
        for (String line : lines) {
            JsonNode v = MAPPER.readTree(line);
            Event e = EventCleaner.clean(v.get("event"), 1_700_000_000L);
            List<String> expectedKeys = new ArrayList<>();
            v.get("dedupe_keys").forEach(k -> expectedKeys.add(k.asText()));
            assertThat(e.dedupeKeys)
                    .as("dedupe_keys of %s", line)
                    .containsExactlyElementsOf(expectedKeys);
            assertThat(DedupeKeys.md5(e))
                    .as("dedupe_md5 of %s", line)
                    .isEqualTo(v.get("dedupe_md5").asText());
            assertThat(e.id).as("id of %s", line).isEqualTo(v.get("id").asText());
        }
        assertThat(lines).hasSizeGreaterThanOrEqualTo(300);
    }

    @Test
    void matchesTheThirdPartyExampleOfTheSpec() throws Exception {
        String json =
                "{\"event_id\":\"zbx-99812\",\"plugin_id\":\"zabbix_prod\",\"alert_name\":\"CPU"
                        + " usage high\","
                        + "\"severity\":2,\"status\":\"ABNORMAL\",\"target_type\":\"HOST\","
                        + "\"target\":\"10.20.30.41|0\",\"bk_biz_id\":5,\"time\":1716950100}";
        Event e = EventCleaner.clean(MAPPER.readTree(json), 1716950102L);
        assertThat(DedupeKeys.md5(e)).isEqualTo("7bf1b8b2bae7e42575892b6e794a0bde");
        assertThat(e.category).isEqualTo("other_rt");
        assertThat(e.dataType).isEqualTo("event");
        assertThat(e.bkTenantId).isEqualTo("system");
    }

    @Test
    void cleansStatusSeverityAndTargetType() throws Exception {
        Event e =
                EventCleaner.clean(
                        MAPPER.readTree(
                                "{\"event_id\":1,\"plugin_id\":\"p\",\"alert_name\":\"a\",\"status\":\"recovered\","
                                    + "\"severity\":9,\"target_type\":\"host\",\"bk_ingest_time\":5,"
                                    + "\"category\":\"OS\",\"tags\":[{\"key\":\"d\",\"value\":{\"x\":1}}]}"),
                        10);
        assertThat(e.status).isEqualTo("RECOVERED");
        assertThat(e.severity).isEqualTo(3);
        assertThat(e.targetType).isEqualTo("HOST");
        assertThat(e.time).isEqualTo(5L);
        assertThat(e.category).isEqualTo("os");
        assertThat(e.tags[0].value).isEqualTo("{\"x\": 1}");
        assertThat(EventCleaner.severity(MAPPER.readTree("\"x\""))).isEqualTo(3);
        assertThat(EventCleaner.severity(MAPPER.readTree("0"))).isEqualTo(1);
    }
}
