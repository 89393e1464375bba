package io.bkm.alarm.apm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bkm.alarm.common.Json;
import org.junit.jupiter.api.Test;

class DiscoveryDocumentsTest {
    private static DiscoveryChange change(String op, String app, String doc) {
        DiscoveryChange c = new DiscoveryChange();
        c.op = op;
        c.type = SpanSightings.ROOT_ENDPOINT;
        c.bkBizId = "2";
        c.appName = app;
        c.key = "POST /api/orders:order-svc:http";
        c.doc = doc;
        c.firstSeen = 100;
        c.lastSeen = 700;
        return c;
    }

    @Test
    void anEntityHasOneIdPerApplicationInEveryRun() {
        String doc = "{\"endpoint_name\":\"POST /api/orders\"}";
        String id = DiscoveryDocuments.id(change("created", "shop", doc));
        assertThat(id)
                .hasSize(40)
                .isEqualTo(DiscoveryDocuments.id(change("expired", "shop", null)));
        assertThat(DiscoveryDocuments.id(change("created", "shop2", doc))).isNotEqualTo(id);
    }

    @Test
    void theDocumentIsTheIdentityWithItsApplicationAndSightings() throws Exception {
        DiscoveryChange c =
                DiscoveryDocuments.render(
                        change("updated", "shop", "{\"endpoint_name\":\"POST /api/orders\"}"));
        JsonNode doc = Json.MAPPER.readTree(c.doc);
        assertThat(doc.path("endpoint_name").asText()).isEqualTo("POST /api/orders");
        assertThat(doc.path("bk_biz_id").asText()).isEqualTo("2");
        assertThat(doc.path("app_name").asText()).isEqualTo("shop");
        assertThat(doc.path("first_seen").asLong()).isEqualTo(100);
        assertThat(doc.path("last_seen").asLong()).isEqualTo(700);

        JsonNode record = Json.MAPPER.readTree(DiscoveryDocuments.changelog(c));
        assertThat(record.fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder("op", "type", "bk_biz_id", "app_name", "id", "doc");
        assertThat(record.path("doc")).isEqualTo(doc);
        assertThat(record.path("id").asText()).isEqualTo(c.id);

        DiscoveryChange evicted = change("expired", "shop", null);
        evicted.reason = DiscoveryChange.CAP;
        JsonNode gone =
                Json.MAPPER.readTree(
                        DiscoveryDocuments.changelog(DiscoveryDocuments.render(evicted)));
        assertThat(gone.path("reason").asText()).isEqualTo("cap");
        assertThat(gone.has("doc")).isFalse();
    }
}
