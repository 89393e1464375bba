package io.bkm.alarm.job.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.job.config.JobSettings;
import io.bkm.localservices.LocalServices;
import io.bkm.localservices.TestServices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.JobExecutionResult;
import org.junit.jupiter.api.Test;

/**
 * From custom event reports on Kafka to monitor events and alerts through the example custom-event
 * strategy ({@code conf/examples/custom-event-strategy.json}, sent on {@code bkm_config}): login
 * failures counted per minute by target and module; five in a minute is fatal, one a reminder; a
 * recovery event recovers the alert of its target and module only.
 */
class CustomEventTriggerIT {
    static final long DATA_ID = 1572946;
    static final String TOKEN = "9f2c61e3d0b34c8a8a1d7b7f4c6e2a10";

    @Test
    void customEventsBecomeMonitorEventsAndAlertsThroughAStrategy() throws Exception {
        LocalServices svc = TestServices.get();
        KafkaTopics kafka = new KafkaTopics(svc.kafkaBootstrap());
        String run = "custom_trigger";
        JobSettings s = JobRuns.settings(svc, run, run + "_in_fta");
        long now = System.currentTimeMillis() / 1000;
        // the strategy comes on bkm_config: at a fresh start events wait until it has been read
        JobRuns.sendStrategy(kafka, s, "conf/examples/custom-event-strategy.json", now * 1000);

        // two minutes ahead, so that no clean-window check (a minute after an anomaly at the
        // earliest) falls within the bounded run: only the recovery event changes an alert
        long t0 = now - Math.floorMod(now, 60) + 120;
        List<KafkaTopics.Message> reports = new ArrayList<>();
        // web-1/auth: five failures in the minute at t0 (fatal), then a recovery 90 s later
        for (int i = 0; i < 5; i++) {
            reports.add(report("login_failed", "10.0.0.1", "auth", null, t0 + 5 + i, now));
        }
        reports.add(report("login_failed", "10.0.0.1", "auth", "recovery", t0 + 90, now));
        // web-2/auth: one failure (a reminder); the recovery of web-1 does not touch it
        reports.add(report("login_failed", "10.0.0.2", "auth", null, t0 + 30, now));
        // another event name: no strategy watches it
        reports.add(report("logout", "10.0.0.2", "auth", null, t0 + 30, now));
        kafka.create(s.topics().customEvent(), 1);
        kafka.produce(s.topics().customEvent(), reports);

        var job = JobRuns.startWith(s, UnaryOperator.identity(), UnaryOperator.identity(), null);
        JobExecutionResult r = job.getJobExecutionResult().get();

        Map<String, JsonNode> events = new TreeMap<>();
        for (KafkaTopics.Received m : kafka.readCommitted(s.topics().monitorEvent())) {
            JsonNode e = Json.MAPPER.readTree(m.value());
            events.put(JobRuns.tag(e, "target"), e);
        }
        assertThat(events).containsOnlyKeys("10.0.0.1", "10.0.0.2");
        JsonNode fatal = events.get("10.0.0.1");
        assertThat(fatal.path("strategy_id").asLong()).isEqualTo(7001);
        assertThat(fatal.path("alert_name").asText()).isEqualTo("Login failures");
        assertThat(fatal.path("severity").asInt()).isEqualTo(1);
        assertThat(fatal.path("time").asLong()).isEqualTo(t0);
        assertThat(fatal.path("description").asText())
                .isEqualTo("COUNT(login_failed) >= 5, current value 5");
        assertThat(JobRuns.tag(fatal, "module")).isEqualTo("auth");
        assertThat(fatal.path("metric").toString())
                .contains("custom.event.2_bkmonitor_event_1572946.login_failed");
        assertThat(events.get("10.0.0.2").path("severity").asInt()).isEqualTo(3);

        assertThat(r.<Long>getAccumulatorResult("detect_custom_event_no_strategy")).isEqualTo(1);
        assertThat(r.<Long>getAccumulatorResult("detect_custom_event_recoveries")).isEqualTo(1);
        assertThat(r.<Long>getAccumulatorResult("detect_anomalous_windows")).isEqualTo(2);

        ElasticsearchDocs es = new ElasticsearchDocs(svc.elasticsearchUrl());
        Map<String, String> statusByTarget = new TreeMap<>();
        for (JsonNode a : es.all(s.elasticsearch().alertIndex() + "_*").values()) {
            statusByTarget.put(JobRuns.tag(a.path("event"), "target"), a.path("status").asText());
        }
        assertThat(statusByTarget)
                .containsEntry("10.0.0.1", "RECOVERED")
                .containsEntry("10.0.0.2", "ABNORMAL")
                .hasSize(2);
        Map<String, JsonNode> logs = es.all(s.elasticsearch().logAlertIndex() + "_*");
        assertThat(logs.values())
                .extracting(l -> l.path("op_type").asText())
                .containsExactlyInAnyOrder("CREATE", "CREATE", "RECOVER");
        assertThat(logs.values())
                .filteredOn(l -> l.path("op_type").asText().equals("RECOVER"))
                .extracting(l -> l.path("description").asText())
                .containsExactly("received a custom recovery event");
        assertThat(kafka.readCommitted(s.topics().deadLetter())).isEmpty();
    }

    @Test
    void eventsHeldAtAFreshStartAreBoundWhenTheWaitRunsOutThoughNothingFollows() throws Exception {
        LocalServices svc = TestServices.get();
        KafkaTopics kafka = new KafkaTopics(svc.kafkaBootstrap());
        String run = "custom_wait";
        JobSettings s = JobRuns.runningSettings(svc, run, "--input.config-wait-ms", "3000");
        long now = System.currentTimeMillis() / 1000;
        // written in a transaction, the config topic ends in a commit marker that the job is
        // never given: it never reads to the end it waits for, so only the wait's end (3 s)
        // releases the events, and no record comes after them to do it
        kafka.create(s.topics().config(), 1);
        kafka.produceInTransaction(
                s.topics().config(),
                List.of(
                        JobRuns.strategyMessage(
                                "conf/examples/custom-event-strategy.json", now * 1000)));
        // a closed minute: the quiet input's watermark follows the clock past it
        long t0 = now - Math.floorMod(now, 60) - 120;
        List<KafkaTopics.Message> reports = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            reports.add(report("login_failed", "10.0.0.1", "auth", null, t0 + 5 + i, now));
        }
        kafka.create(s.topics().customEvent(), 1);
        kafka.produce(s.topics().customEvent(), reports);

        JobRuns.whileRunning(
                s,
                () -> {
                    JsonNode e =
                            kafka.awaitCommitted(
                                            s.topics().monitorEvent(), 1, Duration.ofSeconds(90))
                                    .get(0)
                                    .json();
                    // bound by the strategy from the config topic: the wait did not drop it
                    assertThat(e.path("strategy_id").asLong()).isEqualTo(7001);
                    assertThat(e.path("severity").asInt()).isEqualTo(1);
                    assertThat(e.path("time").asLong()).isEqualTo(t0);
                    assertThat(JobRuns.tag(e, "target")).isEqualTo("10.0.0.1");
                });
    }

    static KafkaTopics.Message report(
            String name, String target, String module, String eventType, long time, long now) {
        ObjectNode msg = Json.MAPPER.createObjectNode();
        msg.put("data_id", DATA_ID).put("access_token", TOKEN);
        ObjectNode item = ((ArrayNode) msg.putArray("data")).addObject();
        item.put("event_name", name);
        item.putObject("event").put("content", name + " on " + target);
        item.put("target", target);
        ObjectNode dims = item.putObject("dimension").put("module", module);
        if (eventType != null) {
            dims.put("event_type", eventType);
        }
        item.put("timestamp", time * 1000);
        return KafkaTopics.Message.of(target, Json.write(msg), now * 1000);
    }
}
