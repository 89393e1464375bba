package io.bkm.alarm.job.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.job.config.JobSettings;
import io.bkm.localservices.LocalServices;
import io.bkm.localservices.TestServices;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.JobExecutionResult;
import org.junit.jupiter.api.Test;

/**
 * From time-series reports on Kafka to monitor events and alerts: the example CPU load strategy
 * ({@code conf/examples/timeseries-strategy.json}, sent on {@code bkm_config}) over the demo custom
 * time series, and the shipped OS restart strategy over host uptime from the host-metrics data
 * source.
 */
class TimeSeriesTriggerIT {
    static final long CUSTOM = 1572950;
    static final String CUSTOM_TOKEN = "5b1e0c3f9a7d4e2c8f6a1b3d5e7c9a0b";
    static final long HOSTS = 1572960;
    static final String HOSTS_TOKEN = "c4d9e1f27a8b4c3d9e0f1a2b3c4d5e6f";

    @Test
    void pointsBecomeMonitorEventsAndAlertsThroughThresholdsAndFakeEvents() throws Exception {
        LocalServices svc = TestServices.get();
        KafkaTopics kafka = new KafkaTopics(svc.kafkaBootstrap());
        String run = "timeseries_trigger";
        JobSettings s = JobRuns.settings(svc, run, run + "_in_fta");
        long now = System.currentTimeMillis() / 1000;
        JobRuns.sendStrategy(kafka, s, "conf/examples/timeseries-strategy.json", now * 1000);

        // anomalies two minutes ahead, so no clean-window check falls within the bounded run
        long t0 = now - Math.floorMod(now, 60) + 120;
        // in event-time order: a point more than the out-of-orderness behind the newest one may
        // find its window already evaluated, depending on when a watermark is emitted
        List<KafkaTopics.Message> reports = new ArrayList<>();
        // 10.0.0.9 has been up for a day, reported every minute, and restarts just before t0
        for (long t = t0 - 1500; t < t0; t += 60) {
            reports.add(uptime("10.0.0.9", t + 5, 86_400 + (t - t0 + 1500), now));
        }
        reports.add(uptime("10.0.0.9", t0 + 5, 30, now));
        reports.add(cpuLoad("10.0.0.1", t0 + 10, 5, now)); // average 6: warning
        reports.add(cpuLoad("10.0.0.2", t0 + 20, 9.5, now)); // fatal
        reports.add(cpuLoad("10.0.0.3", t0 + 20, 2, now)); // normal
        reports.add(cpuLoad("10.0.0.1", t0 + 40, 7, now));
        reports.add(uptime("10.0.0.9", t0 + 65, 90, now));
        kafka.create(s.topics().timeSeries(), 1);
        kafka.produce(s.topics().timeSeries(), reports);

        var job = JobRuns.startWith(s, UnaryOperator.identity(), UnaryOperator.identity(), null);
        JobExecutionResult r = job.getJobExecutionResult().get();

        Map<String, JsonNode> events = new TreeMap<>();
        for (KafkaTopics.Received m : kafka.readCommitted(s.topics().monitorEvent())) {
            JsonNode e = Json.MAPPER.readTree(m.value());
            // a host's dimensions make it the event's target; others stay tags
            String host =
                    JobRuns.tag(e, "target") != null
                            ? JobRuns.tag(e, "target")
                            : e.path("target").asText();
            events.put(e.path("strategy_id").asLong() + "/" + host, e);
        }
        assertThat(events).containsOnlyKeys("7101/10.0.0.1", "7101/10.0.0.2", "7/10.0.0.9|0");
        JsonNode warning = events.get("7101/10.0.0.1");
        assertThat(warning.path("severity").asInt()).isEqualTo(2);
        assertThat(warning.path("time").asLong()).isEqualTo(t0);
        assertThat(warning.path("description").asText())
                .isEqualTo("AVG(cpu_load) > 4, current value 6");
        assertThat(warning.path("metric").toString())
                .contains("custom.2_bkmonitor_time_series_1572950.__default__.cpu_load");
        assertThat(events.get("7101/10.0.0.2").path("severity").asInt()).isEqualTo(1);
        JsonNode restart = events.get("7/10.0.0.9|0");
        assertThat(restart.path("target_type").asText()).isEqualTo("HOST");
        assertThat(restart.path("alert_name").asText()).isEqualTo("OS restart");
        assertThat(restart.path("time").asLong()).isEqualTo(t0);
        assertThat(restart.path("description").asText())
                .isEqualTo("The host restarted 30 seconds ago");
        assertThat(restart.path("metric").toString()).contains("bk_monitor.os_restart");

        // 4 cpu points + 27 uptime points, each bound once
        assertThat(r.<Long>getAccumulatorResult("detect_timeseries_bound")).isEqualTo(31);
        assertThat(r.<Long>getAccumulatorResult("detect_anomalous_windows")).isEqualTo(3);

        ElasticsearchDocs es = new ElasticsearchDocs(svc.elasticsearchUrl());
        Map<Long, Integer> alertsByStrategy = new TreeMap<>();
        for (JsonNode a : es.all(s.elasticsearch().alertIndex() + "_*").values()) {
            assertThat(a.path("status").asText()).isEqualTo("ABNORMAL");
            alertsByStrategy.merge(a.path("strategy_id").asLong(), 1, Integer::sum);
        }
        assertThat(alertsByStrategy).containsEntry(7101L, 2).containsEntry(7L, 1).hasSize(2);
        // one abnormal notice per alert, to the strategies' groups
        List<JsonNode> actions = new ArrayList<>();
        for (KafkaTopics.Received m : kafka.readCommitted(s.topics().action())) {
            actions.add(Json.MAPPER.readTree(m.value()));
        }
        assertThat(actions).hasSize(3);
        assertThat(actions)
                .allSatisfy(a -> assertThat(a.path("signal").asText()).isEqualTo("abnormal"));
        assertThat(actions)
                .extracting(a -> a.path("alert").path("strategy_id").asLong())
                .containsExactlyInAnyOrder(7101L, 7101L, 7L);
        assertThat(kafka.readCommitted(s.topics().deadLetter())).isEmpty();
    }

    static KafkaTopics.Message cpuLoad(String target, long time, double v, long now) {
        return report(
                CUSTOM,
                CUSTOM_TOKEN,
                target,
                now,
                item -> {
                    item.putObject("metrics").put("cpu_load", v);
                    item.put("target", target);
                    item.put("timestamp", time * 1000);
                });
    }

    private static KafkaTopics.Message uptime(String ip, long time, double seconds, long now) {
        return report(
                HOSTS,
                HOSTS_TOKEN,
                ip,
                now,
                item -> {
                    item.putObject("metrics").put("system.env.uptime", seconds);
                    item.put("target", ip);
                    item.putObject("dimension")
                            .put("bk_target_ip", ip)
                            .put("bk_target_cloud_id", "0")
                            .put("bk_biz_id", "2");
                    item.put("timestamp", time * 1000);
                });
    }

    /** A report of one item, filled in by {@code item}. */
    private static KafkaTopics.Message report(
            long dataId, String token, String key, long now, Consumer<ObjectNode> item) {
        ObjectNode msg = Json.MAPPER.createObjectNode();
        msg.put("data_id", dataId).put("access_token", token);
        item.accept(((ArrayNode) msg.putArray("data")).addObject());
        return KafkaTopics.Message.of(key, Json.write(msg), now * 1000);
    }
}
