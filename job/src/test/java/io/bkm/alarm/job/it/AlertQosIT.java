package io.bkm.alarm.job.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.job.config.JobSettings;
import io.bkm.localservices.LocalServices;
import io.bkm.localservices.TestServices;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Alert QoS through the job, with a threshold of 3: eight hosts raise the same third-party alert
 * within a minute; three are let through and noticed, five are written {@code is_blocked}, logged
 * {@code ALERT_QOS} and told nobody. Another alert name is counted apart. The four notices are
 * converged into one business summary (behaviour spec §7.3).
 */
class AlertQosIT {
    @Test
    void aFloodOfNewAlertsIsBlockedPastTheThreshold() throws Exception {
        LocalServices svc = TestServices.get();
        KafkaTopics kafka = new KafkaTopics(svc.kafkaBootstrap());
        String run = "alert_qos";
        JobSettings s = JobRuns.settings(svc, run, run + "_in_fta", "--alert.qos-threshold", "3");
        long now = System.currentTimeMillis() / 1000;
        long minute = now - Math.floorMod(now, 60);
        List<KafkaTopics.Message> events = new ArrayList<>();
        for (int n = 0; n < 8; n++) {
            events.add(event("Disk full", n, minute));
        }
        events.add(event("CPU usage high", 0, minute));
        kafka.create(s.ftaEventTopic(), 1);
        kafka.produce(s.ftaEventTopic(), events);

        JobRuns.run(s, UnaryOperator.identity());

        ElasticsearchDocs es = new ElasticsearchDocs(svc.elasticsearchUrl());
        Collection<JsonNode> alerts = es.all(s.elasticsearch().alertIndex() + "_*").values();
        assertThat(alerts).hasSize(9);
        List<String> blocked =
                alerts.stream()
                        .filter(a -> a.path("is_blocked").asBoolean())
                        .map(a -> a.path("alert_name").asText())
                        .toList();
        assertThat(blocked).hasSize(5).containsOnly("Disk full");
        List<String> blockedIds =
                alerts.stream()
                        .filter(a -> a.path("is_blocked").asBoolean())
                        .map(a -> a.path("id").asText())
                        .toList();
        assertThat(es.all(s.elasticsearch().logAlertIndex() + "_*").values())
                .filteredOn(l -> l.path("op_type").asText().equals("ALERT_QOS"))
                .extracting(l -> l.path("alert_id").asText())
                .containsExactlyInAnyOrderElementsOf(blockedIds);
        // the four notices, of one business and to the default groups in one window, are sent
        // as one business summary; the notices themselves are in the action index only
        List<JsonNode> sent = new ArrayList<>();
        for (KafkaTopics.Received m : kafka.readCommitted(s.actionTopic())) {
            sent.add(Json.MAPPER.readTree(m.value()));
        }
        assertThat(sent).hasSize(1);
        JsonNode summary = sent.get(0);
        assertThat(summary.path("action_type").asText()).isEqualTo("collect");
        assertThat(summary.path("collect_type").asText()).isEqualTo("business");
        assertThat(summary.path("converged_count").asInt()).isEqualTo(4);
        List<String> noticed = new ArrayList<>();
        summary.path("alert_ids").forEach(id -> noticed.add(id.asText()));
        assertThat(noticed).hasSize(4).doesNotContainAnyElementsOf(blockedIds);
        Collection<JsonNode> actions = es.all(s.elasticsearch().actionIndex() + "_*").values();
        assertThat(actions).hasSize(5);
        assertThat(actions)
                .filteredOn(a -> a.path("action_type").asText().equals("notice"))
                .allSatisfy(
                        a ->
                                assertThat(a.path("converge_id").asText())
                                        .isEqualTo(summary.path("id").asText()))
                .extracting(a -> a.path("alert_id").asText())
                .containsExactlyInAnyOrderElementsOf(noticed);
    }

    private static KafkaTopics.Message event(String name, int host, long time) {
        String json =
                "{\"event_id\":\"qos-"
                        + name.hashCode()
                        + "-"
                        + host
                        + "\",\"plugin_id\":\"zabbix\",\"alert_name\":\""
                        + name
                        + "\",\"severity\":2,\"status\":\"ABNORMAL\",\"target_type\":\"HOST\","
                        + "\"target\":\"10.8.0."
                        + host
                        + "|0\",\"bk_biz_id\":2,\"time\":"
                        + time
                        + "}";
        return KafkaTopics.Message.of("k" + host, json, time * 1000);
    }
}
