package io.bkm.alarm.sinks.es;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bkm.alarm.alert.AlertChanges;
import io.bkm.alarm.apm.DiscoveryChange;
import io.bkm.alarm.model.Action;
import io.bkm.alarm.model.Alert;
import io.bkm.alarm.model.AlertChange;
import io.bkm.alarm.model.Event;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DocumentWritesTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static AlertChange alert(long version) {
        Alert a = new Alert();
        a.id = "17169500373907712";
        a.createTime = 1716950037L; // 2024-05-29 UTC
        a.version = version;
        a.status = "ABNORMAL";
        return AlertChanges.of(a);
    }

    @Test
    void alertsAreIndexedByCreateDayWithExternalVersions() throws Exception {
        BulkWrite w = DocumentWrites.alerts("bkfta_alert").write(alert(7));
        JsonNode action = MAPPER.readTree(w.actionLine()).get("index");
        assertThat(action.get("_index").asText()).isEqualTo("bkfta_alert_20240529");
        assertThat(action.get("_id").asText()).isEqualTo("17169500373907712");
        assertThat(action.get("version").asLong()).isEqualTo(7);
        assertThat(action.get("version_type").asText()).isEqualTo("external");
        assertThat(MAPPER.readTree(w.sourceLine()).get("version").asLong()).isEqualTo(7);
    }

    @Test
    void actionsAreIndexedByCreateDayUnderTheirIdWithExternalVersions() throws Exception {
        Action a = new Action();
        a.id = "17169500373907712.abnormal.1";
        a.alertId = "17169500373907712";
        a.signal = "abnormal";
        a.createTime = 1716950037L;
        BulkWrite w = DocumentWrites.actions("bkfta_action").write(a);
        JsonNode action = MAPPER.readTree(w.actionLine()).get("index");
        assertThat(action.get("_index").asText()).isEqualTo("bkfta_action_20240529");
        assertThat(action.get("_id").asText()).isEqualTo("17169500373907712.abnormal.1");
        assertThat(action.get("version").asLong()).isEqualTo(1);
        assertThat(action.get("version_type").asText()).isEqualTo("external");
        JsonNode doc = MAPPER.readTree(w.sourceLine());
        assertThat(doc.get("alert_id").asText()).isEqualTo("17169500373907712");
        assertThat(doc.get("action_type").asText()).isEqualTo("notice");
    }

    @Test
    void apmEntitiesAreWrittenOverInTheirTypesIndexAndDeletedWhenTheyExpire() throws Exception {
        DiscoveryChange c = new DiscoveryChange();
        c.op = DiscoveryChange.UPDATED;
        c.type = "endpoint";
        c.id = "3f786850e387550fdab836ed7e6dc881de23001b";
        c.doc = "{\"endpoint_name\":\"GET /x\"}";
        BulkWrite w = DocumentWrites.apmEntities("bkm_apm").write(c);
        JsonNode action = MAPPER.readTree(w.actionLine()).get("index");
        assertThat(action.get("_index").asText()).isEqualTo("bkm_apm_endpoint");
        assertThat(action.get("_id").asText()).isEqualTo(c.id);
        assertThat(action.has("version")).isFalse();
        assertThat(w.sourceLine()).isEqualTo(c.doc);

        c.op = DiscoveryChange.EXPIRED;
        BulkWrite d = DocumentWrites.apmEntities("bkm_apm").write(c);
        assertThat(MAPPER.readTree(d.actionLine()).get("delete").get("_id").asText())
                .isEqualTo(c.id);
        assertThat(new String(BulkWrite.body(List.of(d)), StandardCharsets.UTF_8))
                .as("a delete is its action line alone")
                .isEqualTo(d.actionLine() + "\n");
        assertThat(BulkWrite.keepOf(w, d)).as("the later write of a document wins").isSameAs(d);
    }

    @Test
    void eventsAreCreatedOnceAndDatedByTimeUnlessFarFromCreateTime() throws Exception {
        Event e = new Event();
        e.id = "8bf9a1b61cf53f201d8d66b38ad75c82";
        e.time = 1716950033L;
        e.createTime = 1716950036L;
        BulkWrite w = DocumentWrites.events("bkfta_event").write(e);
        assertThat(MAPPER.readTree(w.actionLine()).has("create")).isTrue();
        assertThat(MAPPER.readTree(w.actionLine()).get("create").has("version")).isFalse();
        assertThat(w.index()).isEqualTo("bkfta_event_20240529");

        e.time = 1716950036L - 3 * 86_400;
        assertThat(DocumentWrites.events("bkfta_event").write(e).index())
                .isEqualTo("bkfta_event_20240529");
        e.time = 1716950036L - 86_400;
        assertThat(DocumentWrites.events("bkfta_event").write(e).index())
                .isEqualTo("bkfta_event_20240528");
    }

    @Test
    void anIdFromTheInputIsEscapedInTheActionLine() throws Exception {
        Event e = new Event();
        e.id = "a\"b\\c\n";
        e.time = 1716950033L;
        e.createTime = 1716950036L;
        BulkWrite w = DocumentWrites.events("bkfta_event").write(e);
        assertThat(MAPPER.readTree(w.actionLine()).get("create").get("_id").asText())
                .isEqualTo("a\"b\\c\n");
        assertThat(w.actionLine()).doesNotContain("\n");
    }

    @Test
    void aBatchKeepsTheNewestAlertAndTheFirstEvent() {
        var writes = DocumentWrites.alerts("a");
        BulkWrite v3 = writes.write(alert(3));
        BulkWrite v5 = writes.write(alert(5));
        assertThat(BulkWrite.keepOf(v3, v5)).isSameAs(v5);
        assertThat(BulkWrite.keepOf(v5, v3)).isSameAs(v5);

        Event e = new Event();
        e.id = "x";
        e.time = 1L;
        e.createTime = 1L;
        BulkWrite first = DocumentWrites.events("e").write(e);
        BulkWrite second = DocumentWrites.events("e").write(e);
        assertThat(BulkWrite.keepOf(first, second)).isSameAs(first);
    }

    @Test
    void templateDifferencesAreListedByPathAndSpellingOfScalarsDoesNotCount() throws Exception {
        JsonNode ours =
                MAPPER.readTree(
                        "{\"dynamic\":false,\"properties\":{\"id\":{\"type\":\"keyword\"},\"n\":{\"type\":\"long\"}}}");
        JsonNode theirs =
                MAPPER.readTree(
                        "{\"dynamic\":\"false\",\"properties\":{\"id\":{\"type\":\"text\"},\"extra\":{\"type\":\"long\"}}}");
        List<String> diffs = new ArrayList<>();
        IndexTemplates.diff("mappings", ours, theirs, diffs);
        assertThat(diffs)
                .containsExactlyInAnyOrder(
                        "mappings.properties.extra: (none) vs {\"type\":\"long\"}",
                        "mappings.properties.id.type: \"keyword\" vs \"text\"",
                        "mappings.properties.n: {\"type\":\"long\"} vs (none)");
    }

    @Test
    void theAlertTemplateEmbedsTheEventMapping() {
        var t = IndexTemplates.template(IndexTemplates.Family.ALERT, "bkfta_alert", 3, 1);
        assertThat(t.get("index_patterns").get(0).asText()).isEqualTo("bkfta_alert_*");
        assertThat(t.at("/mappings/dynamic").asBoolean()).isFalse();
        assertThat(t.at("/mappings/properties/event/properties/tags/type").asText())
                .isEqualTo("nested");
        assertThat(t.at("/mappings/properties/create_time/format").asText())
                .isEqualTo("epoch_second");
        assertThat(t.at("/settings/number_of_shards").asInt()).isEqualTo(3);
        assertThat(t.at("/settings").has("refresh_interval"))
                .as("Elasticsearch's default refresh unless one is given")
                .isFalse();
    }

    @Test
    void aTemplateCarriesTheRefreshIntervalItIsGiven() {
        var t = IndexTemplates.template(IndexTemplates.Family.EVENT, "bkfta_event", 1, 0, "5s");
        assertThat(t.at("/settings/refresh_interval").asText()).isEqualTo("5s");
    }
}
