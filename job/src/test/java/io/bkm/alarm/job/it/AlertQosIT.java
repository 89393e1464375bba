package io.bkm.alarm.job.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bkm.alarm.job.config.JobSettings;
import io.bkm.localservices.LocalServices;
import io.bkm.localservices.TestServices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Alert QoS through the running job, with a threshold of 3: eight hosts raise the same third-party
 * alert within a minute; three are let through and noticed, five are written {@code is_blocked},
 * logged {@code ALERT_QOS} and told nobody. Another alert name is counted apart. Of the four
 * notices, the window's first two go as they are and the other two are converged into one business
 * summary (behaviour spec §7.3). Minutes later, in a quiet window, a new event of a blocked alert
 * releases it (§4.3): the blocked alert is closed and a new one, not blocked, is opened from the
 * event and noticed. The release goes from the QoS stage back to the alert state through its Kafka
 * topic.
 */
class AlertQosIT {
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @Test
    void aFloodOfNewAlertsIsBlockedPastTheThresholdAndReleasedOnceItIsOver() throws Exception {
        LocalServices svc = TestServices.get();
        KafkaTopics kafka = new KafkaTopics(svc.kafkaBootstrap());
        String run = "alert_qos";
        JobSettings s =
                JobRuns.runningSettings(
                        svc,
                        run,
                        "--alert.qos-threshold",
                        "3",
                        // a window's notices are summed up 5 s after the first came
                        "--notice.converge-wait-seconds",
                        "5");
        long now = System.currentTimeMillis() / 1000;
        long flood = now - Math.floorMod(now, 60) - 600;
        long quiet = flood + 300;
        List<KafkaTopics.Message> events = new ArrayList<>();
        for (int n = 0; n < 8; n++) {
            events.add(event("Disk full", "10.8.0." + n + "|0", flood, "qos-" + n));
        }
        events.add(event("CPU usage high", "10.8.0.0|0", flood, "qos-cpu"));
        kafka.create(s.topics().ftaEvent(), 1);
        kafka.produce(s.topics().ftaEvent(), events);

        ElasticsearchDocs es = new ElasticsearchDocs(svc.elasticsearchUrl());
        String alertIndex = s.elasticsearch().alertIndex() + "_*";
        String logIndex = s.elasticsearch().logAlertIndex() + "_*";
        JobRuns.whileRunning(
                s,
                () -> {
                    Collection<JsonNode> alerts =
                            es.await(alertIndex, d -> d.size() == 9, PATIENCE);
                    List<JsonNode> blocked =
                            alerts.stream().filter(a -> a.path("is_blocked").asBoolean()).toList();
                    assertThat(blocked)
                            .hasSize(5)
                            .extracting(a -> a.path("alert_name").asText())
                            .containsOnly("Disk full");
                    List<String> blockedIds = ids(blocked);
                    assertThat(
                                    es.await(
                                            logIndex,
                                            d -> ofType(d, "ALERT_QOS").size() == 5,
                                            PATIENCE))
                            .filteredOn(l -> l.path("op_type").asText().equals("ALERT_QOS"))
                            .extracting(l -> l.path("alert_id").asText())
                            .containsExactlyInAnyOrderElementsOf(blockedIds);
                    // the four notices, of one business and to the default groups in one window:
                    // the first two by time and id are sent, the other two as one business
                    // summary; every notice is in the action index
                    List<JsonNode> sent =
                            json(kafka.awaitCommitted(s.topics().action(), 3, PATIENCE));
                    assertThat(sent).hasSize(3);
                    JsonNode summary =
                            sent.stream()
                                    .filter(a -> a.path("action_type").asText().equals("collect"))
                                    .findFirst()
                                    .orElseThrow();
                    assertThat(summary.path("collect_type").asText()).isEqualTo("business");
                    assertThat(summary.path("converged_count").asInt()).isEqualTo(2);
                    List<String> converged = new ArrayList<>();
                    summary.path("alert_ids").forEach(id -> converged.add(id.asText()));
                    List<String> atOnce =
                            sent.stream()
                                    .filter(a -> a.path("action_type").asText().equals("notice"))
                                    .map(a -> a.path("alert_id").asText())
                                    .toList();
                    assertThat(atOnce)
                            .hasSize(2)
                            .doesNotContainAnyElementsOf(converged)
                            .doesNotContainAnyElementsOf(blockedIds);
                    assertThat(converged).hasSize(2).doesNotContainAnyElementsOf(blockedIds);
                    List<JsonNode> actions =
                            List.copyOf(
                                    es.await(
                                            s.elasticsearch().actionIndex() + "_*",
                                            d -> d.size() == 5,
                                            PATIENCE));
                    assertThat(actions)
                            .filteredOn(a -> a.path("action_type").asText().equals("notice"))
                            .extracting(a -> a.path("alert_id").asText())
                            .containsExactlyInAnyOrderElementsOf(concat(atOnce, converged));
                    assertThat(actions)
                            .filteredOn(a -> !a.path("converge_id").asText().isEmpty())
                            .allSatisfy(
                                    a ->
                                            assertThat(a.path("converge_id").asText())
                                                    .isEqualTo(summary.path("id").asText()))
                            .extracting(a -> a.path("alert_id").asText())
                            .containsExactlyInAnyOrderElementsOf(converged);
                    // and each of their alerts logs that its notice was converged
                    assertThat(
                                    ofType(
                                            es.await(
                                                    logIndex,
                                                    d -> ofType(d, "ACTION").size() == 2,
                                                    PATIENCE),
                                            "ACTION"))
                            .allSatisfy(
                                    l ->
                                            assertThat(l.path("description").asText())
                                                    .contains(
                                                            "converged into "
                                                                    + summary.path("id").asText()))
                            .extracting(l -> l.path("alert_id").asText())
                            .containsExactlyInAnyOrderElementsOf(converged);

                    // five minutes later the flood is over: a new event of a blocked alert
                    // releases it
                    JsonNode released = blocked.get(0);
                    String releasedId = released.path("id").asText();
                    kafka.produce(
                            s.topics().ftaEvent(),
                            List.of(
                                    event(
                                            "Disk full",
                                            released.path("event").path("target").asText(),
                                            quiet,
                                            "qos-again")));
                    Collection<JsonNode> after =
                            es.await(
                                    alertIndex,
                                    d ->
                                            d.size() == 10
                                                    && byId(d, releasedId)
                                                            .path("status")
                                                            .asText()
                                                            .equals("CLOSED"),
                                    PATIENCE);
                    JsonNode closed = byId(after, releasedId);
                    assertThat(closed.path("is_blocked").asBoolean()).isTrue();
                    assertThat(closed.path("end_time").asLong()).isEqualTo(quiet);
                    String fingerprint = released.path("dedupe_md5").asText();
                    JsonNode successor =
                            after.stream()
                                    .filter(a -> a.path("dedupe_md5").asText().equals(fingerprint))
                                    .filter(a -> !a.path("id").asText().equals(releasedId))
                                    .findFirst()
                                    .orElseThrow();
                    assertThat(successor.path("status").asText()).isEqualTo("ABNORMAL");
                    assertThat(successor.path("is_blocked").asBoolean()).isFalse();
                    assertThat(successor.path("create_time").asLong()).isEqualTo(quiet);
                    assertThat(successor.path("event_count").asLong()).isEqualTo(1);
                    // bk-monitor's log: the blocked alert closes, for the release
                    assertThat(
                                    ofType(
                                            es.await(
                                                    logIndex,
                                                    d -> ofType(d, "CLOSE").size() == 1,
                                                    PATIENCE),
                                            "CLOSE"))
                            .singleElement()
                            .satisfies(
                                    l -> {
                                        assertThat(l.path("alert_id").asText())
                                                .isEqualTo(releasedId);
                                        assertThat(l.path("description").asText())
                                                .startsWith("flow control released");
                                    });
                    assertThat(kafka.readCommitted(s.topics().alertQosRelease()))
                            .singleElement()
                            .satisfies(r -> assertThat(r.key()).isEqualTo(releasedId));
                    // and the new alert is noticed
                    List<JsonNode> later =
                            json(kafka.awaitCommitted(s.topics().action(), 4, PATIENCE));
                    assertThat(later)
                            .hasSize(4)
                            .filteredOn(
                                    a ->
                                            a.path("alert_id")
                                                    .asText()
                                                    .equals(successor.path("id").asText()))
                            .singleElement()
                            .satisfies(
                                    a ->
                                            assertThat(a.path("action_type").asText())
                                                    .isEqualTo("notice"));
                });
    }

    private static List<JsonNode> json(List<KafkaTopics.Received> records) {
        return records.stream().map(KafkaTopics.Received::json).toList();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static List<String> ids(Collection<JsonNode> docs) {
        return docs.stream().map(a -> a.path("id").asText()).toList();
    }

    private static JsonNode byId(Collection<JsonNode> docs, String id) {
        return docs.stream()
                .filter(a -> a.path("id").asText().equals(id))
                .findFirst()
                .orElseThrow();
    }

    private static List<JsonNode> ofType(Collection<JsonNode> logs, String opType) {
        return logs.stream().filter(l -> l.path("op_type").asText().equals(opType)).toList();
    }

    private static KafkaTopics.Message event(String name, String target, long time, String id) {
        String json =
                "{\"event_id\":\""
                        + id
                        + "\",\"plugin_id\":\"zabbix\",\"alert_name\":\""
                        + name
                        + "\",\"severity\":2,\"status\":\"ABNORMAL\",\"target_type\":\"HOST\","
                        + "\"target\":\""
                        + target
                        + "\",\"bk_biz_id\":2,\"time\":"
                        + time
                        + "}";
        return KafkaTopics.Message.of(target, json, time * 1000);
    }
}
