package io.bkm.alarm.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.model.Alert;
import io.bkm.alarm.model.AlertChange;
import io.bkm.alarm.model.Event;
import io.bkm.alarm.model.EventStatus;
import io.bkm.alarm.model.Tag;
import org.junit.jupiter.api.Test;

class AlertChangesTest {
    static Alert alert() {
        Alert a = new Alert();
        a.id = "17169500401234";
        a.dedupeMd5 = "7bf1b8b2bae7e42575892b6e794a0bde";
        a.alertName = "Disk full";
        a.bkBizId = "2";
        a.severity = 2;
        a.status = EventStatus.ABNORMAL;
        a.createTime = 1_716_950_040L;
        a.updateTime = 1_716_950_100L;
        a.latestTime = 1_716_950_090L;
        a.beginTime = 1_716_950_030L;
        a.version = 4L;
        a.eventCount = 3L;
        a.isBlocked = false;
        a.isShielded = true;
        a.recovering = true;
        a.created = true;
        a.extraInfo = "{\"is_recovering\":true}";
        a.event = new Event();
        a.event.description = "disk /data 97% full";
        a.event.tags = new Tag[] {new Tag(Alert.NO_DATA_DIMENSION, "1")};
        return a;
    }

    @Test
    void aChangeCarriesTheDocumentAsRenderedAndTheFieldsLaterStagesDecideOn() throws Exception {
        Alert a = alert();
        AlertChange c = AlertChanges.of(a);
        assertThat(c.document).isEqualTo(Json.writeBytes(a));
        assertThat(c.id()).isEqualTo(a.id);
        assertThat(c.createTime).isEqualTo(a.createTime);
        assertThat(c.updateTime).isEqualTo(a.updateTime);
        assertThat(c.version).isEqualTo(4);
        assertThat(c.eventCount).isEqualTo(3);
        assertThat(c.created).isTrue();
        assertThat(c.blocked).isFalse();
        assertThat(c.recovering).isTrue();
        assertThat(c.noData).isTrue();
        assertThat(c.shielded).isTrue();
        assertThat(c.qosKey).isEqualTo(AlertQosFunction.key(alert())).startsWith("0|no_data|2|");
        assertThat(c.alert.description).isEqualTo("disk /data 97% full");
        assertThat(c.alert.latestTime).isEqualTo(a.latestTime);

        // what the alert becomes later does not show in what left before
        a.status = EventStatus.CLOSED;
        a.eventCount = 9L;
        assertThat(c.isAbnormal()).isTrue();
        assertThat(Json.MAPPER.readTree(c.document).get("event_count").asLong()).isEqualTo(3);
    }

    @Test
    void theQosKeyIsWorkedOutOnceForAnAlertAndItsCopies() {
        Alert a = alert();
        String key = AlertQosFunction.key(a);
        assertThat(a.copy().qosKey).isSameAs(key);
        assertThat(AlertChanges.of(a.copy()).qosKey).isSameAs(key);
    }

    @Test
    void blockingMarksTheDocumentTooAndNothingElse() throws Exception {
        AlertChange c = AlertChanges.of(alert());
        JsonNode before = Json.MAPPER.readTree(c.document);
        AlertChanges.block(c);
        assertThat(c.blocked).isTrue();
        JsonNode after = Json.MAPPER.readTree(c.document);
        assertThat(after.get("is_blocked").asBoolean()).isTrue();
        ((com.fasterxml.jackson.databind.node.ObjectNode) after).put("is_blocked", false);
        assertThat(after).isEqualTo(before);
    }

    @Test
    void withoutDocumentKeepsEveryOtherField() {
        AlertChange c = AlertChanges.of(alert());
        AlertChange slim = c.withoutDocument();
        assertThat(slim.document).isNull();
        assertThat(slim).usingRecursiveComparison().ignoringFields("document").isEqualTo(c);
    }
}
