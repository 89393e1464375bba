package io.bkm.alarm.job.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bkm.alarm.job.config.JobSettings;
import io.bkm.localservices.LocalServices;
import io.bkm.localservices.TestServices;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Third-party events from Kafka to alerts in Elasticsearch and {@code bkm_alert}, on a MiniCluster
 * against the real services: a clean run, and a run with a failure injected mid-stream that must
 * leave exactly the same output.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WalkingSkeletonIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int FINGERPRINTS = 100;
    private static final int EVENTS_PER_FINGERPRINT = 10;
    private static final String INPUT = "it_skeleton_fta_event";

    private LocalServices svc;
    private KafkaTopics kafka;
    private ElasticsearchDocs es;
    private final List<String> badMessages =
            List.of(
                    "{\"event_id\": \"broken\", ",
                    "{\"event_id\":\"e\",\"plugin_id\":\"p\",\"alert_name\":\"a\",\"time\":\"noon\"}",
                    "");

    private Map<String, JsonNode> cleanDocs;
    private List<KafkaTopics.Received> cleanAlerts;
    private List<KafkaTopics.Received> cleanDeadLetters;

    @BeforeAll
    void produceInputAndRunCleanly() throws Exception {
        svc = TestServices.get();
        kafka = new KafkaTopics(svc.kafkaBootstrap());
        es = new ElasticsearchDocs(svc.elasticsearchUrl());
        kafka.create(INPUT, 4);
        long base = System.currentTimeMillis() / 1000 * 1000;
        List<KafkaTopics.Message> input = new ArrayList<>();
        for (int seq = 0; seq < EVENTS_PER_FINGERPRINT; seq++) {
            input.addAll(round(seq, FINGERPRINTS, base));
            if (seq == 3) {
                for (String bad : badMessages) {
                    input.add(KafkaTopics.Message.of("bad", bad, base + seq * 10L));
                }
            }
        }
        kafka.produce(INPUT, input);

        JobSettings clean = JobRuns.settings(svc, "skeleton_clean", INPUT);
        JobRuns.run(clean, s -> s);
        cleanDocs = es.all(clean.elasticsearch().alertIndex() + "_*");
        cleanAlerts = kafka.readCommitted(clean.topics().alert());
        cleanDeadLetters = kafka.readCommitted(clean.topics().deadLetter());
    }

    /** Event {@code seq} of each of {@code fingerprints} fingerprints, received 10 ms apart. */
    static List<KafkaTopics.Message> round(int seq, int fingerprints, long baseMs) {
        List<KafkaTopics.Message> out = new ArrayList<>(fingerprints);
        for (int fp = 0; fp < fingerprints; fp++) {
            out.add(
                    KafkaTopics.Message.of(
                            "fp-" + fp, event(fp, seq, baseMs / 1000), baseMs + seq * 10L));
        }
        return out;
    }

    static String event(int fp, int seq, long baseSeconds) {
        return "{\"event_id\":\"ev-"
                + fp
                + "-"
                + seq
                + "\",\"plugin_id\":\"it_plugin\",\"alert_name\":\"synthetic alert "
                + fp
                + "\",\"severity\":2,\"status\":\"ABNORMAL\",\"target_type\":\"HOST\",\"target\":\"10.0."
                + (fp / 256)
                + "."
                + (fp % 256)
                + "|0\",\"bk_biz_id\":2,\"tags\":[{\"key\":\"seq\",\"value\":"
                + seq
                + "}],\"time\":"
                + (baseSeconds + seq * 60L)
                + "}";
    }

    @Test
    void everyFingerprintBecomesOneAlertWithAllItsEvents() {
        assertThat(cleanDocs).hasSize(FINGERPRINTS);
        for (JsonNode doc : cleanDocs.values()) {
            assertThat(doc.get("event_count").asLong()).isEqualTo(EVENTS_PER_FINGERPRINT);
            assertThat(doc.get("version").asLong()).isEqualTo(EVENTS_PER_FINGERPRINT);
            assertThat(doc.get("status").asText()).isEqualTo("ABNORMAL");
            assertThat(doc.get("id").asText()).startsWith(doc.get("create_time").asText());
            assertThat(doc.path("event").path("tags").get(0).get("value").asText())
                    .isEqualTo(Integer.toString(EVENTS_PER_FINGERPRINT - 1));
        }
        assertThat(cleanDocs.values().stream().map(d -> d.get("dedupe_md5").asText()).distinct())
                .hasSize(FINGERPRINTS);
    }

    @Test
    void bkmAlertCarriesEveryChangeOfEveryAlertOnce() throws Exception {
        assertThat(cleanAlerts).hasSize(FINGERPRINTS * EVENTS_PER_FINGERPRINT);
        Map<String, List<Long>> countsByAlert = new HashMap<>();
        for (KafkaTopics.Received r : cleanAlerts) {
            JsonNode doc = MAPPER.readTree(r.value());
            assertThat(r.key()).isEqualTo(doc.get("id").asText());
            countsByAlert
                    .computeIfAbsent(r.key(), k -> new ArrayList<>())
                    .add(doc.get("event_count").asLong());
        }
        assertThat(countsByAlert).hasSize(FINGERPRINTS);
        assertThat(countsByAlert.keySet()).isEqualTo(cleanDocs.keySet());
        for (List<Long> counts : countsByAlert.values()) {
            // one partition per alert: the changes arrive in order, each version once
            assertThat(counts).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        }
    }

    @Test
    void badMessagesEndInDeadLettersWithReasonAndPayload() throws Exception {
        assertThat(cleanDeadLetters).hasSize(badMessages.size());
        Map<String, String> reasonByPayload = new TreeMap<>();
        for (KafkaTopics.Received r : cleanDeadLetters) {
            JsonNode d = MAPPER.readTree(r.value());
            assertThat(r.key()).isEqualTo(INPUT);
            assertThat(d.get("source_topic").asText()).isEqualTo(INPUT);
            assertThat(d.has("offset")).isTrue();
            assertThat(d.get("received_at").asLong()).isPositive();
            reasonByPayload.put(d.get("payload").asText(), d.get("reason").asText());
        }
        assertThat(reasonByPayload)
                .containsEntry(badMessages.get(0), "malformed_json")
                .containsEntry(badMessages.get(1), "wrong_type")
                .containsEntry(badMessages.get(2), "empty_message");
    }

    @Test
    void aRunWithAFailureMidStreamLeavesExactlyWhatTheCleanRunLeft() throws Exception {
        JobSettings failing = JobRuns.settings(svc, "skeleton_failover", INPUT);
        InjectedFailure.FAILURES_LEFT.set(1);
        InjectedFailures.clear();
        JobRuns.run(
                failing,
                s ->
                        s.map(new InjectedFailure(200, 2000))
                                .uid("it-injected-failure")
                                .name("injected failure"));
        assertThat(InjectedFailures.all()).hasSize(1);

        Map<String, JsonNode> docs = es.all(failing.elasticsearch().alertIndex() + "_*");
        assertThat(docs).isEqualTo(cleanDocs);
        assertThat(RunOutcome.multiset(kafka.readCommitted(failing.topics().alert())))
                .isEqualTo(RunOutcome.multiset(cleanAlerts));
        assertThat(RunOutcome.multiset(kafka.readCommitted(failing.topics().deadLetter())))
                .isEqualTo(RunOutcome.multiset(cleanDeadLetters));
    }
}
