package io.bkm.alarm.job.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.demo.GseAlarms;
import io.bkm.alarm.demo.SeedCmdb;
import io.bkm.alarm.job.config.JobSettings;
import io.bkm.alarm.job.io.KafkaInputs;
import io.bkm.alarm.strategy.Strategies;
import io.bkm.localservices.LocalServices;
import io.bkm.localservices.TestServices;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.JobExecutionResult;
import org.junit.jupiter.api.Test;

/**
 * From raw GSE alarms on Kafka to monitor events on {@code bkm_monitor_event} and alerts in
 * Elasticsearch: a shipped strategy, a business's own strategy with a condition that filters and
 * count 2, agent lost with count 3, and a bad strategy record on {@code bkm_config} dead-lettered.
 * The business strategy arrives on {@code bkm_config} with the GSE alarms already waiting: at a
 * fresh start the records wait until the config topic has been read, so they bind to it.
 */
class GseTriggerIT {
    private final LocalServices svc = TestServices.get();
    private final KafkaTopics kafka = new KafkaTopics(svc.kafkaBootstrap());

    @Test
    void gseAlarmsBecomeMonitorEventsAndAlertsThroughStrategies() throws Exception {
        String run = "gse_trigger";
        // host 0 in business 2, host 1 in 3, host 2 in 4
        List<SeedCmdb.Host> hosts = JobRuns.seedHosts(svc, run, 3);
        String a = hosts.get(0).ip();
        String b = hosts.get(1).ip();
        String c = hosts.get(2).ip();

        // business 3: its own disk-full strategy, two anomalies on /data within 5 minutes
        Map<Long, String> shipped = Strategies.load(Path.of("../conf/strategies"));
        ObjectNode own = (ObjectNode) Json.MAPPER.readTree(shipped.get(3L));
        own.put("id", 700).put("bk_biz_id", 3).put("name", "Data disk full");
        ((ObjectNode) own.path("items").get(0))
                .put("id", 7001)
                .set(
                        "agg_condition",
                        Json.MAPPER.readTree(
                                "[{\"key\":\"disk\",\"method\":\"eq\",\"value\":[\"/data\"]}]"));
        ((ObjectNode) own.path("detects").get(0).path("trigger_config")).put("count", 2);
        ObjectNode broken = own.deepCopy();
        broken.put("id", 701).putArray("items");
        JobSettings s = JobRuns.settings(svc, run, run + "_in_fta");
        long now = System.currentTimeMillis() / 1000;
        // real record times: outputs inherit them, and the broker's retention deletes old ones
        kafka.create(s.topics().config(), 1);
        kafka.produce(
                s.topics().config(),
                List.of(
                        KafkaTopics.Message.of("strategy:701", Json.write(broken), now * 1000),
                        KafkaTopics.Message.of("strategy:700", Json.write(own), now * 1000)));

        long t0 = now - 600 - Math.floorMod(now, 60);
        List<KafkaTopics.Message> alarms = new ArrayList<>();
        alarms.add(KafkaTopics.Message.of(a, GseAlarms.diskFull(t0, a, "/data"), now * 1000));
        alarms.add(KafkaTopics.Message.of(b, GseAlarms.diskFull(t0, b, "/data"), now * 1000));
        alarms.add(KafkaTopics.Message.of(b, GseAlarms.diskFull(t0 + 60, b, "/home"), now * 1000));
        alarms.add(KafkaTopics.Message.of(b, GseAlarms.diskFull(t0 + 60, b, "/data"), now * 1000));
        for (int i = 0; i < 3; i++) {
            alarms.add(KafkaTopics.Message.of(c, GseAlarms.agentLost(t0 + 60L * i, c), now * 1000));
        }
        kafka.create(s.topics().gseSystemEvent(), 1);
        kafka.produce(s.topics().gseSystemEvent(), alarms);

        // what the job waits for at start: the config topic's two records read
        assertThat(KafkaInputs.endOffsets(s, s.topics().config()))
                .containsExactly(Map.entry(0, 2L));
        var job = JobRuns.startWith(s, UnaryOperator.identity(), UnaryOperator.identity(), null);
        JobExecutionResult r = job.getJobExecutionResult().get();

        Map<String, JsonNode> events = new TreeMap<>();
        for (KafkaTopics.Received m : kafka.readCommitted(s.topics().monitorEvent())) {
            JsonNode e = Json.MAPPER.readTree(m.value());
            events.put(e.path("strategy_id").asText() + "/" + e.path("target").asText(), e);
        }
        assertThat(events).containsOnlyKeys("3/" + a + "|0", "700/" + b + "|0", "1/" + c + "|0");
        JsonNode ownStrategy = events.get("700/" + b + "|0");
        assertThat(ownStrategy.path("alert_name").asText()).isEqualTo("Data disk full");
        assertThat(ownStrategy.path("time").asLong()).isEqualTo(t0 + 60);
        assertThat(ownStrategy.at("/extra_info/origin_alarm/trigger/anomaly_ids")).hasSize(2);
        assertThat(ownStrategy.path("bk_biz_id").asLong()).isEqualTo(3);
        JsonNode agent = events.get("1/" + c + "|0");
        assertThat(agent.path("time").asLong()).isEqualTo(t0 + 120);
        assertThat(agent.path("anomaly_time").asLong()).isEqualTo(t0);
        assertThat(agent.path("tags").toString()).contains("agent_version");

        assertThat(r.<Long>getAccumulatorResult("trigger_condition_unmet")).isEqualTo(1);
        assertThat(r.<Long>getAccumulatorResult("trigger_fired")).isEqualTo(3);
        assertThat(kafka.readCommitted(s.topics().deadLetter()))
                .singleElement()
                .satisfies(
                        d ->
                                assertThat(d.value())
                                        .contains("items must hold")
                                        .contains("\\\"id\\\":701"));

        ElasticsearchDocs es = new ElasticsearchDocs(svc.elasticsearchUrl());
        Map<String, JsonNode> alerts = es.all(s.elasticsearch().alertIndex() + "_*");
        assertThat(alerts.values())
                .extracting(x -> x.path("strategy_id").asLong())
                .containsExactlyInAnyOrder(1L, 3L, 700L);
        assertThat(es.all(s.elasticsearch().eventIndex() + "_*")).hasSize(3);
    }

    /**
     * GSE custom string events (type 100, one record per string) and process events (type 101) on
     * their own topics, bound by strategies on their metrics: one alert for the host's report, one
     * for each process, and the messages worded as bk-monitor words them.
     */
    @Test
    void customStringAndProcessEventsBecomeAlertsThroughTheirStrategies() throws Exception {
        String run = "gse_custom_process";
        List<SeedCmdb.Host> hosts = JobRuns.seedHosts(svc, run, 2);
        String a = hosts.get(0).ip();
        String b = hosts.get(1).ip();
        JobSettings s = JobRuns.settings(svc, run, run + "_in_fta");
        long now = System.currentTimeMillis() / 1000;
        kafka.create(s.topics().config(), 1);
        kafka.produce(
                s.topics().config(),
                List.of(
                        strategy(710, "Custom string", "bk_monitor.gse_custom_event", now),
                        strategy(711, "Process hosting", "bk_monitor.gse_process_event", now)));

        long t0 = now - 600 - Math.floorMod(now, 60);
        kafka.create(s.topics().gseCustomEvent(), 1);
        kafka.produce(
                s.topics().gseCustomEvent(),
                List.of(customStrings(a, t0, "payment gateway offline", "retry queue overflow")));
        kafka.create(s.topics().gseProcessEvent(), 1);
        kafka.produce(
                s.topics().gseProcessEvent(),
                List.of(
                        KafkaTopics.Message.of(
                                b,
                                "{\"data_id\":1100008,\"data\":["
                                        + processEvent(b, t0, "process_restart_failed", "nginx")
                                        + ","
                                        + processEvent(
                                                b, t0 + 60, "process_restart_failed", "redis")
                                        + "]}",
                                now * 1000)));

        JobRuns.startWith(s, UnaryOperator.identity(), UnaryOperator.identity(), null)
                .getJobExecutionResult()
                .get();

        ElasticsearchDocs es = new ElasticsearchDocs(svc.elasticsearchUrl());
        Map<String, JsonNode> alerts = new TreeMap<>();
        for (JsonNode alert : es.all(s.elasticsearch().alertIndex() + "_*").values()) {
            String process = JobRuns.tag(alert.path("event"), "process_name");
            alerts.put(
                    alert.path("strategy_id").asText()
                            + "/"
                            + alert.at("/event/target").asText()
                            + "/"
                            + (process == null ? "" : process),
                    alert);
        }
        assertThat(alerts)
                .containsOnlyKeys(
                        "710/" + a + "|0/", "711/" + b + "|0/nginx", "711/" + b + "|0/redis");
        JsonNode strings = alerts.get("710/" + a + "|0/");
        assertThat(strings.path("alert_name").asText()).isEqualTo("Custom string");
        // one record per string, both with the report's anomaly id: the second is a duplicate
        assertThat(strings.path("event_count").asLong()).isEqualTo(1);
        assertThat(strings.at("/event/description").asText()).isEqualTo("payment gateway offline");
        JsonNode nginx = alerts.get("711/" + b + "|0/nginx");
        assertThat(nginx.at("/event/description").asText())
                .isEqualTo("event type: process restart failed, content: restart nginx failed");
        assertThat(JobRuns.tag(nginx.path("event"), "process_group_id")).isEqualTo("web");
        assertThat(nginx.at("/event/time").asLong()).isEqualTo(t0);
        assertThat(kafka.readCommitted(s.topics().deadLetter())).isEmpty();
        assertThat(kafka.readCommitted(s.topics().monitorEvent()))
                .extracting(m -> Json.MAPPER.readTree(m.value()).path("strategy_id").asLong())
                .containsExactlyInAnyOrder(710L, 710L, 711L, 711L);
    }

    /** The shipped corefile strategy as another one, on {@code metric}, for every business. */
    static KafkaTopics.Message strategy(long id, String name, String metric, long now)
            throws Exception {
        ObjectNode st =
                (ObjectNode)
                        Json.MAPPER.readTree(
                                Strategies.load(Path.of("../conf/strategies")).get(4L));
        st.put("id", id).put("name", name);
        ObjectNode item = (ObjectNode) st.path("items").get(0);
        item.put("id", id * 10).put("name", name);
        item.putArray("metric_ids").add(metric);
        return KafkaTopics.Message.of("strategy:" + id, Json.write(st), now * 1000);
    }

    /** One custom string report of {@code host} at {@code time} (UTC) with its strings. */
    static KafkaTopics.Message customStrings(String host, long time, String... strings) {
        String utc =
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
                        .withZone(ZoneOffset.UTC)
                        .format(Instant.ofEpochSecond(time));
        return KafkaTopics.Message.of(
                host,
                "{\"_bizid_\":0,\"_cloudid_\":0,\"_server_\":\""
                        + host
                        + "\",\"_time_\":\""
                        + utc
                        + "\",\"_utctime_\":\""
                        + utc
                        + "\",\"_value_\":"
                        + Json.write(List.of(strings))
                        + "}",
                time * 1000);
    }

    static String processEvent(String ip, long time, String name, String process) {
        return "{\"event_name\":\""
                + name
                + "\",\"event\":{\"content\":\"restart "
                + process
                + " failed\"},\"target\":\""
                + ip
                + "|0\",\"timestamp\":"
                + time * 1000
                + ",\"dimension\":{\"bk_target_ip\":\""
                + ip
                + "\",\"bk_target_cloud_id\":\"0\",\"bk_agent_id\":\"\","
                + "\"process_group_id\":\"web\",\"process_index\":\"web:"
                + process
                + "\",\"process_name\":\""
                + process
                + "\"}}";
    }
}
