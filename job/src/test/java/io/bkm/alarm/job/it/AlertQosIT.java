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
 * {@code ALERT_QOS} and told nobody. Another alert name is counted apart.
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
        List<String> noticed = new ArrayList<>();
        for (KafkaTopics.Received m : kafka.readCommitted(s.actionTopic())) {
            noticed.add(Json.MAPPER.readTree(m.value()).path("alert_id").asText());
        }
        assertThat(noticed).hasSize(4).doesNotContainAnyElementsOf(blockedIds);
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
