package io.bkm.alarm.job.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.demo.GseAlarms;
import io.bkm.alarm.demo.SeedCmdb;
import io.bkm.alarm.job.config.JobSettings;
import io.bkm.localservices.LocalServices;
import io.bkm.localservices.TestServices;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A shield on a running job, on the clock: business 2's disk-full alerts are shielded for 20 s. Its
 * host's alert is written shielded and told nobody; business 3's is noticed at once. When the
 * shield ends, by its timer and with no new event, the alert is written unshielded and its one
 * unshield notice reaches {@code bkm_action}.
 */
class ShieldIT {
    static final Duration PATIENCE = Duration.ofSeconds(90);

    @Test
    void aShieldHoldsNoticesBackUntilItEndsOnTime() throws Exception {
        LocalServices svc = TestServices.get();
        KafkaTopics kafka = new KafkaTopics(svc.kafkaBootstrap());
        String run = "shield";
        // short convergence windows, so notices are released by their timers within the test
        JobSettings s =
                JobRuns.runningSettings(
                        svc,
                        run,
                        "--notice.converge-window-seconds",
                        "5",
                        "--notice.converge-wait-seconds",
                        "1");
        List<SeedCmdb.Host> hosts = JobRuns.seedHosts(svc, run, 2); // businesses 2 and 3
        String shieldedIp = hosts.get(0).ip();
        String openIp = hosts.get(1).ip();
        long now = System.currentTimeMillis() / 1000;
        long end = now + 20;
        String shield =
                "{\"id\": 21, \"bk_biz_id\": 2, \"category\": \"strategy\","
                        + " \"begin_time\": "
                        + (now - 60)
                        + ", \"end_time\": "
                        + end
                        + ", \"cycle_config\": {\"type\": 1},"
                        + " \"dimension_config\": {\"strategy_id\": [3]}}";
        kafka.create(s.topics().config(), 1);
        kafka.produce(
                s.topics().config(),
                List.of(KafkaTopics.Message.of("shield:21", shield, now * 1000)));
        kafka.create(s.topics().gseSystemEvent(), 1);
        kafka.produce(
                s.topics().gseSystemEvent(),
                List.of(
                        KafkaTopics.Message.of(
                                shieldedIp,
                                GseAlarms.diskFull(now, shieldedIp, "/data"),
                                now * 1000),
                        KafkaTopics.Message.of(
                                openIp, GseAlarms.diskFull(now, openIp, "/data"), now * 1000)));

        JobRuns.whileRunning(
                s,
                () -> {
                    ElasticsearchDocs es = new ElasticsearchDocs(svc.elasticsearchUrl());
                    String alerts = s.elasticsearch().alertIndex() + "_*";
                    JsonNode unshielded = awaitUnshielded(es, alerts, shieldedIp);
                    assertThat(unshielded.path("status").asText()).isEqualTo("ABNORMAL");
                    assertThat(unshielded.path("update_time").asLong())
                            .as("written at the shield's end, by its timer")
                            .isEqualTo(end + 1);
                    String shieldedId = unshielded.path("id").asText();

                    // every version on bkm_alert: shielded by 21 from the start, then not
                    List<String> versions = new ArrayList<>();
                    for (KafkaTopics.Received m : kafka.readCommitted(s.topics().alert())) {
                        JsonNode a = Json.MAPPER.readTree(m.value());
                        if (a.path("id").asText().equals(shieldedId)) {
                            versions.add(
                                    a.path("is_shielded").asBoolean() + " " + a.path("shield_id"));
                        }
                    }
                    assertThat(versions).containsExactly("true [\"21\"]", "false []");

                    Map<String, List<String>> signals = awaitNotices(kafka, s, 2);
                    assertThat(signals).hasSize(2);
                    assertThat(signals.get(shieldedId)).containsExactly(".unshield.2");
                    assertThat(signals.values()).contains(List.of(".abnormal.1"));
                });
    }

    /**
     * A daily shield window of business 2's disk-full alerts, opening 15 s after the job starts and
     * closing 12 s later, on the shield's own ticks: an alert open before it is written shielded
     * when it opens and unshielded when it closes, its one notice sent before; an alert raised
     * inside the window is written shielded from the start and gets its one unshield notice when
     * the window closes.
     */
    @Test
    void aDailyWindowOpensAndClosesOnTheRunningJob() throws Exception {
        LocalServices svc = TestServices.get();
        KafkaTopics kafka = new KafkaTopics(svc.kafkaBootstrap());
        String run = "shield_daily";
        JobSettings s = JobRuns.runningSettings(svc, run, "--notice.converge-window-seconds", "0");
        List<SeedCmdb.Host> hosts = JobRuns.seedHosts(svc, run, 4); // 0 and 3 in business 2
        String before = hosts.get(0).ip();
        String inside = hosts.get(3).ip();
        long now = System.currentTimeMillis() / 1000;
        // after the job has started and read the alert raised before it
        long open = now + 15;
        long close = open + 12; // the window's last second
        DateTimeFormatter hms = DateTimeFormatter.ofPattern("HH:mm:ss");
        ZoneId zone = ZoneId.of("Asia/Shanghai"); // alert.shield-time-zone
        String shield =
                "{\"id\": 22, \"bk_biz_id\": 2, \"category\": \"strategy\","
                        + " \"begin_time\": "
                        + (now - 60)
                        + ", \"end_time\": "
                        + (now + 86_400)
                        + ", \"cycle_config\": {\"type\": 2, \"begin_time\": \""
                        + hms.format(Instant.ofEpochSecond(open).atZone(zone))
                        + "\", \"end_time\": \""
                        + hms.format(Instant.ofEpochSecond(close).atZone(zone))
                        + "\"}, \"dimension_config\": {\"strategy_id\": [3]}}";
        kafka.create(s.topics().config(), 1);
        kafka.produce(
                s.topics().config(),
                List.of(KafkaTopics.Message.of("shield:22", shield, now * 1000)));
        kafka.create(s.topics().gseSystemEvent(), 1);
        kafka.produce(
                s.topics().gseSystemEvent(),
                List.of(
                        KafkaTopics.Message.of(
                                before, GseAlarms.diskFull(now, before, "/data"), now * 1000),
                        KafkaTopics.Message.of(
                                inside,
                                GseAlarms.diskFull(open + 2, inside, "/data"),
                                (open + 2) * 1000)));

        // around the shield ticks: the opening one shields the alert raised before, the closing
        // one unshields both
        JobRuns.whileRunning(
                s,
                AroundTimers.alerts(
                        c -> c.shielded && c.version > 1, c -> c.updateTime == close + 1),
                () -> {
                    ElasticsearchDocs es = new ElasticsearchDocs(svc.elasticsearchUrl());
                    String alerts = s.elasticsearch().alertIndex() + "_*";
                    JsonNode insideEnd = awaitUnshielded(es, alerts, inside);
                    assertThat(insideEnd.path("update_time").asLong())
                            .as("written when the window closed, by its tick")
                            .isEqualTo(close + 1);
                    JsonNode beforeEnd = awaitUnshielded(es, alerts, before);
                    String beforeId = beforeEnd.path("id").asText();
                    String insideId = insideEnd.path("id").asText();

                    // an Elasticsearch write can be seen before the checkpoint that commits the
                    // same version to Kafka, and a failure in between makes it wait for the next
                    Map<String, List<String>> versions = committedVersions(kafka, s);
                    long deadline = System.nanoTime() + PATIENCE.toNanos();
                    while ((versions.getOrDefault(beforeId, List.of()).size() < 3
                                    || versions.getOrDefault(insideId, List.of()).size() < 2)
                            && System.nanoTime() < deadline) {
                        Thread.sleep(250);
                        versions = committedVersions(kafka, s);
                    }
                    assertThat(versions.get(beforeId))
                            .containsExactly(
                                    now + " false []",
                                    open + " true [\"22\"]",
                                    (close + 1) + " false []");
                    assertThat(versions.get(insideId))
                            .containsExactly(
                                    (open + 2) + " true [\"22\"]", (close + 1) + " false []");

                    Map<String, List<String>> signals = awaitNotices(kafka, s, 2);
                    assertThat(signals)
                            .containsOnlyKeys(beforeId, insideId)
                            .containsEntry(beforeId, List.of(".abnormal.1"))
                            .containsEntry(insideId, List.of(".unshield.2"));
                    AroundTimers.assertBothFailedAndEachOutputOnce(kafka, s);
                });
    }

    /** Each alert's committed versions on bkm_alert: update time, shielded, shield ids. */
    private static Map<String, List<String>> committedVersions(KafkaTopics kafka, JobSettings s)
            throws Exception {
        Map<String, List<String>> versions = new TreeMap<>();
        for (KafkaTopics.Received m : kafka.readCommitted(s.topics().alert())) {
            JsonNode a = Json.MAPPER.readTree(m.value());
            versions.computeIfAbsent(a.path("id").asText(), k -> new ArrayList<>())
                    .add(
                            a.path("update_time").asLong()
                                    + " "
                                    + a.path("is_shielded").asBoolean()
                                    + " "
                                    + a.path("shield_id"));
        }
        return versions;
    }

    /** The notices on bkm_action by alert, once {@code alerts} alerts have one. */
    private static Map<String, List<String>> awaitNotices(
            KafkaTopics kafka, JobSettings s, int alerts) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            Map<String, List<String>> signals = new TreeMap<>();
            for (KafkaTopics.Received m : kafka.readCommitted(s.topics().action())) {
                JsonNode a = Json.MAPPER.readTree(m.value());
                signals.computeIfAbsent(a.path("alert_id").asText(), k -> new ArrayList<>())
                        .add(a.path("id").asText().replace(a.path("alert_id").asText(), ""));
            }
            if (signals.size() >= alerts || System.nanoTime() > deadline) {
                return signals;
            }
            Thread.sleep(500);
        }
    }

    /** The alert of {@code ip} once a later version of it is no longer shielded. */
    private static JsonNode awaitUnshielded(ElasticsearchDocs es, String index, String ip)
            throws Exception {
        return unshielded(es.await(index, docs -> unshielded(docs, ip) != null, PATIENCE), ip);
    }

    private static JsonNode unshielded(Collection<JsonNode> alerts, String ip) {
        for (JsonNode a : alerts) {
            if (a.path("event").path("ip").asText().equals(ip)
                    && a.has("is_shielded")
                    && !a.path("is_shielded").asBoolean()
                    && a.path("version").asLong() > 1) {
                return a;
            }
        }
        return null;
    }
}
