package io.bkm.alarm.job.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.model.Alert;
import io.bkm.alarm.notice.CarriedNotices;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class BkMonitorAlertDocsTest {
    private static ObjectNode doc() throws Exception {
        try (InputStream in =
                BkMonitorAlertDocsTest.class.getResourceAsStream("/bkmonitor/open-alert.json")) {
            return (ObjectNode) Json.MAPPER.readTree(in);
        }
    }

    @Test
    void readsBkMonitorsOpenAlertAsTheAlertStateKeepsIt() throws Exception {
        Alert a = BkMonitorAlertDocs.alert(doc());

        assertThat(a.id).isEqualTo("17647236000004242");
        assertThat(a.seqId).isEqualTo(4242L);
        assertThat(a.dedupeMd5).isEqualTo("6f1ed002ab5595859014ebf0951522d9");
        assertThat(a.bkBizId).isEqualTo("7");
        assertThat(a.createTime).isEqualTo(1764723600L);
        assertThat(a.beginTime).isEqualTo(1764723590L);
        assertThat(a.latestTime).isEqualTo(1764724020L);
        assertThat(a.nextStatusTime).isEqualTo(1764727680L);
        assertThat(a.isAck).isFalse();
        assertThat(a.recovering).isFalse();
        assertThat(a.generation).isZero();
        assertThat(a.created).isFalse();
        // bk-monitor keeps neither: bootstrap supplies both
        assertThat(a.eventCount).isNull();
        assertThat(a.version).isNull();
        assertThat(Json.MAPPER.readTree(a.extraInfo).path("cycle_handle_record").has("1")).isTrue();
        assertThat(a.event.extraInfo).isEqualTo("{\"origin\":\"fta\"}");
        assertThat(a.event.tags).hasSize(3);
        assertThat(a.event.tags[0].value).isEqualTo("/data");
        assertThat(a.event.tags[1].values).containsExactly("80", "443");
        assertThat(a.event.tags[2].value).isEqualTo("3");
        // written back as the job writes alerts, extra_info an object again
        JsonNode written = Json.MAPPER.readTree(Json.write(a));
        assertThat(written.path("extra_info").path("is_recovering").isBoolean()).isTrue();
        assertThat(written.path("event").path("tags").get(1).path("value").size()).isEqualTo(2);
    }

    @Test
    void whatTheDocumentLeavesOutIsFilledAsTheJobWouldHaveWrittenIt() throws Exception {
        ObjectNode d = doc();
        d.remove(java.util.List.of("seq_id", "create_time", "update_time", "next_status_time"));
        d.remove(java.util.List.of("latest_time", "duration", "is_ack", "shield_id"));
        Alert a = BkMonitorAlertDocs.alert(d);
        assertThat(a.seqId).isEqualTo(4242L);
        assertThat(a.createTime).isEqualTo(1764723600L);
        assertThat(a.updateTime).isEqualTo(1764723600L);
        assertThat(a.latestTime).isEqualTo(a.beginTime);
        assertThat(a.nextStatus).isEqualTo("CLOSED");
        assertThat(a.nextStatusTime).isEqualTo(1764723600L + 3600);
        assertThat(a.duration).isZero();
        assertThat(a.isAck).isFalse();
        assertThat(a.shieldId).isEmpty();
    }

    @Test
    void refusesWhatCannotBeContinuedWithTheReason() throws Exception {
        ObjectNode ended = doc().put("status", "RECOVERED");
        assertThatThrownBy(() -> BkMonitorAlertDocs.alert(ended))
                .hasMessage("status RECOVERED, not ABNORMAL");
        ObjectNode noEvent = doc();
        noEvent.remove("event");
        assertThatThrownBy(() -> BkMonitorAlertDocs.alert(noEvent)).hasMessage("no event");
        ObjectNode noMd5 = doc();
        noMd5.remove("dedupe_md5");
        assertThatThrownBy(() -> BkMonitorAlertDocs.alert(noMd5)).hasMessage("no dedupe_md5");
        ObjectNode severity = doc().put("severity", 5);
        assertThatThrownBy(() -> BkMonitorAlertDocs.alert(severity))
                .hasMessage("severity 5 is not 1, 2 or 3");
        ObjectNode badType = doc().put("begin_time", "yesterday");
        assertThatThrownBy(() -> BkMonitorAlertDocs.alert(badType))
                .isInstanceOf(BkMonitorAlertDocs.Refused.class);
    }

    @Test
    void noticesContinueFromBkMonitorsCycleRecord() throws Exception {
        ObjectNode d = doc();
        ((ObjectNode) d.path("extra_info"))
                .putObject("upgrade_notice")
                .put("last_group_index", 0)
                .put("last_upgrade_time", 1764723900);
        CarriedNotices.History h = BkMonitorAlertDocs.notices(d, BkMonitorAlertDocs.alert(d));
        assertThat(h)
                .isEqualTo(
                        new CarriedNotices.History(
                                2, 1764723660, 1764723900, false, 1, 1764723900, false));
    }

    @Test
    void anAlertWithoutRecordWasToldOnceUnlessAShieldOrFlowControlHeldItBack() throws Exception {
        ObjectNode d = doc();
        ((ObjectNode) d.path("extra_info")).remove("cycle_handle_record");
        Alert a = BkMonitorAlertDocs.alert(d);
        assertThat(BkMonitorAlertDocs.notices(d, a))
                .isEqualTo(
                        new CarriedNotices.History(1, 1764723600, 1764724020, false, 0, 0, false));
        d.put("is_shielded", true);
        assertThat(BkMonitorAlertDocs.notices(d, BkMonitorAlertDocs.alert(d)).neverSent()).isTrue();
        ObjectNode blocked = doc().put("is_blocked", true);
        assertThat(
                        BkMonitorAlertDocs.notices(blocked, BkMonitorAlertDocs.alert(blocked))
                                .neverSent())
                .isTrue();
    }
}
