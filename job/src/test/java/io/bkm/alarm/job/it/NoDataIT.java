package io.bkm.alarm.job.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bkm.alarm.cmdb.CmdbKeys;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.demo.SeedCmdb;
import io.bkm.alarm.job.config.JobSettings;
import io.bkm.localservices.LocalServices;
import io.bkm.localservices.TestServices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * No-data detection on a running job, on the clock: two apps report a heartbeat every second; one
 * falls silent and gets a "[No data]" alert after two empty 5 s windows, then reports again and the
 * alert recovers. The strategy has 5 s windows and the checks run 2 s after a window instead of
 * bk-monitor's 115 s, so the test takes seconds.
 */
class NoDataIT {
    static final long DATA_ID = 1572950;
    static final String TOKEN = "5b1e0c3f9a7d4e2c8f6a1b3d5e7c9a0b";
    static final Duration PATIENCE = Duration.ofSeconds(90);

    static final String STRATEGY =
            """
            {"id": 7301, "bk_biz_id": 2, "name": "Heartbeat", "scenario": "os",
             "items": [{"id": 8301, "name": "heartbeat",
               "metric_ids": ["custom.2_bkmonitor_time_series_1572950.__default__.heartbeat"],
               "data_type": "time_series", "agg_interval": 5, "agg_dimension": ["target"],
               "algorithms": [{"level": 3, "type": "Threshold",
                               "config": [[{"method": "lt", "threshold": 0}]]}],
               "no_data_config": {"is_enabled": true, "continuous": 2, "level": 2,
                                  "agg_dimension": ["target"]}}],
             "notice": {"user_groups": ["ops"], "notice_ways": ["mail"],
                        "signal": ["abnormal", "recovered", "closed", "no_data"],
                        "config": {"notify_interval": 3600}},
             "detects": [{"level": 3, "trigger_config": {"count": 1, "check_window": 1},
                          "recovery_config": {"check_window": 2}}]}
            """;

    /**
     * Host heartbeats of the hosts under module 731 in the CMDB: the host that never reports is
     * missing though no point of it was ever seen.
     */
    static final String HOST_STRATEGY =
            """
            {"id": 7302, "bk_biz_id": 2, "name": "Host heartbeat", "scenario": "os",
             "items": [{"id": 8302, "name": "host_heartbeat",
               "metric_ids": ["custom.2_bkmonitor_time_series_1572950.__default__.host_heartbeat"],
               "data_type": "time_series", "agg_interval": 5,
               "agg_dimension": ["bk_target_ip", "bk_target_cloud_id"],
               "target": [[{"field": "host_topo_node", "method": "eq",
                            "value": [{"bk_obj_id": "module", "bk_inst_id": 731}]}]],
               "algorithms": [{"level": 3, "type": "Threshold",
                               "config": [[{"method": "lt", "threshold": 0}]]}],
               "no_data_config": {"is_enabled": true, "continuous": 2, "level": 2,
                                  "agg_dimension": ["bk_target_ip", "bk_target_cloud_id"]}}],
             "detects": [{"level": 3}]}
            """;

    @Test
    void aSilentSeriesRaisesANoDataAlertThatRecoversWhenItReportsAgain() throws Exception {
        LocalServices svc = TestServices.get();
        KafkaTopics kafka = new KafkaTopics(svc.kafkaBootstrap());
        String run = "nodata";
        JobSettings s =
                JobRuns.runningSettings(
                        svc,
                        run,
                        "--detect.no-data-check-delay-seconds",
                        "2",
                        // notices at once: this test is about no-data, not convergence
                        "--notice.converge-window-seconds",
                        "0");
        long now = System.currentTimeMillis();
        kafka.create(s.topics().config(), 1);
        try (Jedis j = new Jedis("127.0.0.1", svc.redisPort())) {
            SeedCmdb.write(
                    j,
                    new CmdbKeys(run + ".cache.cmdb"),
                    List.of(cmdbHost(900_001, "10.9.0.1"), cmdbHost(900_002, "10.9.0.2")));
        }
        kafka.produce(
                s.topics().config(),
                List.of(
                        KafkaTopics.Message.of("strategy:7301", STRATEGY, now),
                        KafkaTopics.Message.of("strategy:7302", HOST_STRATEGY, now)));
        kafka.create(s.topics().timeSeries(), 1);
        kafka.produce(s.topics().timeSeries(), List.of(heartbeat("app-a"), heartbeat("app-b")));

        // around the no-data check's alert: before it is written, and after, before the
        // checkpoint that keeps it
        JobRuns.whileRunning(
                s,
                AroundTimers.alerts(c -> c.noData, c -> c.noData),
                () -> {
                    ElasticsearchDocs es = new ElasticsearchDocs(svc.elasticsearchUrl());
                    String alerts = s.elasticsearch().alertIndex() + "_*";
                    // both report for a while, then only app-a
                    long bothUntil = System.currentTimeMillis() + 8_000;
                    while (System.currentTimeMillis() < bothUntil) {
                        kafka.produce(
                                s.topics().timeSeries(),
                                List.of(
                                        heartbeat("app-a"),
                                        heartbeat("app-b"),
                                        hostHeartbeat("10.9.0.1")));
                        Thread.sleep(1000);
                    }
                    JsonNode alert = await(kafka, s, es, alerts, named("[No data] Heartbeat"));
                    assertThat(alert.path("status").asText()).isEqualTo("ABNORMAL");
                    assertThat(alert.path("severity").asInt()).isEqualTo(2);
                    assertThat(alert.path("strategy_id").asLong()).isEqualTo(7301);
                    assertThat(JobRuns.tag(alert.path("event"), "target")).isEqualTo("app-b");
                    assertThat(alert.path("event").path("description").asText())
                            .startsWith("heartbeat has had no data for ");
                    String id = alert.path("id").asText();

                    kafka.produce(s.topics().timeSeries(), List.of(heartbeat("app-b")));
                    JsonNode recovered =
                            await(
                                    kafka,
                                    s,
                                    es,
                                    alerts,
                                    a ->
                                            a.path("id").asText().equals(id)
                                                    && a.path("status")
                                                            .asText()
                                                            .equals("RECOVERED"));
                    assertThat(recovered.path("extra_info").toString())
                            .contains("new data reported");
                    // one no_data notice, and none for the recovery (no-data ends are only pushed)
                    List<String> signals = new ArrayList<>();
                    for (KafkaTopics.Received m : kafka.readCommitted(s.topics().action())) {
                        JsonNode a = Json.MAPPER.readTree(m.value());
                        if (a.path("alert_id").asText().equals(id)) {
                            signals.add(
                                    a.path("signal").asText()
                                            + "."
                                            + a.path("execute_times").asInt());
                        }
                    }
                    assertThat(signals).containsExactly("no_data.1");
                    // 10.9.0.2, under module 731 in the CMDB, never reported: missing; 10.9.0.1
                    // reports
                    JsonNode host = await(kafka, s, es, alerts, named("[No data] Host heartbeat"));
                    assertThat(host.path("event").path("target").asText()).isEqualTo("10.9.0.2|0");
                    assertThat(host.path("event").path("target_type").asText()).isEqualTo("HOST");
                    assertThat(es.all(alerts).values())
                            .filteredOn(a -> a.path("strategy_id").asLong() == 7302)
                            .hasSize(1);
                    // app-a never fell silent
                    assertThat(es.all(alerts).values())
                            .noneMatch(a -> "app-a".equals(JobRuns.tag(a.path("event"), "target")));
                    AroundTimers.assertBothFailedAndEachOutputOnce(kafka, s);
                });
    }

    /** Waits for an alert document, keeping app-a's heartbeat going meanwhile. */
    private static Predicate<JsonNode> named(String alertName) {
        return a -> a.path("alert_name").asText().equals(alertName);
    }

    private static JsonNode await(
            KafkaTopics kafka,
            JobSettings s,
            ElasticsearchDocs es,
            String index,
            Predicate<JsonNode> wanted)
            throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            kafka.produce(
                    s.topics().timeSeries(),
                    List.of(heartbeat("app-a"), hostHeartbeat("10.9.0.1")));
            try {
                List<JsonNode> found =
                        new ArrayList<>(es.all(index).values().stream().filter(wanted).toList());
                if (!found.isEmpty()) {
                    return found.get(0);
                }
            } catch (IllegalStateException notYet) {
                // index not created yet
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("no such alert within " + PATIENCE);
    }

    private static SeedCmdb.Host cmdbHost(long id, String ip) {
        return new SeedCmdb.Host(id, ip, 0, 2, 100, 731, "02" + id, "运营中[需告警]", List.of("ops"));
    }

    private static KafkaTopics.Message hostHeartbeat(String ip) {
        return point("host_heartbeat", ip, Map.of("bk_target_ip", ip, "bk_target_cloud_id", "0"));
    }

    private static KafkaTopics.Message heartbeat(String target) {
        return point("heartbeat", target, Map.of());
    }

    /** A report of one point of {@code metric} for {@code target}, stamped now. */
    private static KafkaTopics.Message point(
            String metric, String target, Map<String, String> dimensions) {
        long now = System.currentTimeMillis();
        ObjectNode msg = Json.MAPPER.createObjectNode();
        msg.put("data_id", DATA_ID).put("access_token", TOKEN);
        ObjectNode item = ((ArrayNode) msg.putArray("data")).addObject();
        item.putObject("metrics").put(metric, 1);
        item.put("target", target);
        if (!dimensions.isEmpty()) {
            ObjectNode d = item.putObject("dimension");
            dimensions.forEach(d::put);
        }
        item.put("timestamp", now);
        return KafkaTopics.Message.of(target, Json.write(msg), now);
    }
}
