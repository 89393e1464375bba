package io.bkm.alarm.job.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.common.ParseAccounting;
import io.bkm.alarm.common.Reasons;
import io.bkm.alarm.demo.GseAlarms;
import io.bkm.alarm.demo.SeedCmdb;
import io.bkm.alarm.fuzz.HostileInputs;
import io.bkm.alarm.job.config.JobSettings;
import io.bkm.alarm.model.DeadLetter;
import io.bkm.localservices.LocalServices;
import io.bkm.localservices.TestServices;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.JobExecutionResult;
import org.junit.jupiter.api.Test;

/**
 * Hostile input on every input topic of the running job: each topic gets the hostile variants of
 * one of its good messages ({@link HostileInputs}), and a message of the largest size the job takes
 * that is not JSON; then good messages. Every hostile message must be one dead letter with its
 * reason and its payload, the job must never restart, and the good messages after them must still
 * become alerts (the config topic's: strategies that bind them).
 */
class HostileInputIT {
    private final LocalServices svc = TestServices.get();
    private final KafkaTopics kafka = new KafkaTopics(svc.kafkaBootstrap());

    /** One input topic: its hostile messages, then its good ones. */
    private record Topic(
            String name, List<HostileInputs.Hostile> hostile, List<KafkaTopics.Message> good) {
        /** The hostile variants of the first good message (compacted, as JSON on the wire is). */
        static Topic of(String name, HostileInputs.Shape shape, List<KafkaTopics.Message> good)
                throws Exception {
            String first = Json.MAPPER.readTree(good.get(0).value()).toString();
            return new Topic(name, HostileInputs.of(first, shape), good);
        }
    }

    @Test
    void hostileMessagesOnEveryTopicAreDeadLettersAndGoodOnesAfterThemStillAlert()
            throws Exception {
        String run = "hostile_input";
        List<SeedCmdb.Host> hosts = JobRuns.seedHosts(svc, run, 3);
        String diskHost = hosts.get(0).ip();
        String stringsHost = hosts.get(1).ip();
        String processHost = hosts.get(2).ip();
        JobSettings s = JobRuns.settings(svc, run, run + "_in_fta");
        long now = System.currentTimeMillis() / 1000;
        long t0 = now - 600 - Math.floorMod(now, 60);
        // ahead, so no clean-window check of the custom events falls within the bounded run
        long ahead = now - Math.floorMod(now, 60) + 120;
        int max = s.input().maxMessageBytes();

        KafkaTopics.Message fta = KafkaTopics.Message.of("fta", ftaEvent(now), now * 1000);
        KafkaTopics.Message disk =
                KafkaTopics.Message.of(
                        diskHost, GseAlarms.diskFull(t0, diskHost, "/data"), now * 1000);
        KafkaTopics.Message strings =
                GseTriggerIT.customStrings(stringsHost, t0, "payment gateway offline");
        KafkaTopics.Message process =
                KafkaTopics.Message.of(
                        processHost,
                        "{\"data_id\":1100008,\"data\":["
                                + GseTriggerIT.processEvent(
                                        processHost, t0, "process_restart_failed", "nginx")
                                + "]}",
                        now * 1000);
        List<KafkaTopics.Message> logins = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            logins.add(
                    CustomEventTriggerIT.report(
                            "login_failed", "10.0.0.1", "auth", null, ahead + 5 + i, now));
        }
        KafkaTopics.Message cpu = TimeSeriesTriggerIT.cpuLoad("10.0.0.2", ahead + 20, 9.5, now);
        // well formed, for an alert the job never held: taken in and answered as such
        KafkaTopics.Message ack =
                KafkaTopics.Message.of(
                        "op",
                        "{\"op\":\"ack\",\"alert_id\":\""
                                + (now - 60)
                                + "1\",\"operator\":\"alice\",\"time\":"
                                + now
                                + "}",
                        now * 1000);
        KafkaTopics.Message customStrategy =
                JobRuns.strategyMessage("conf/examples/custom-event-strategy.json", now * 1000);

        List<Topic> topics =
                List.of(
                        Topic.of(s.topics().ftaEvent(), HostileInputs.FTA_EVENT, List.of(fta)),
                        Topic.of(
                                s.topics().gseSystemEvent(),
                                HostileInputs.GSE_SYSTEM_EVENT,
                                List.of(disk)),
                        Topic.of(
                                s.topics().gseCustomEvent(),
                                HostileInputs.GSE_CUSTOM_EVENT,
                                List.of(strings)),
                        Topic.of(
                                s.topics().gseProcessEvent(),
                                HostileInputs.EVENT_REPORT,
                                List.of(process)),
                        Topic.of(s.topics().customEvent(), HostileInputs.EVENT_REPORT, logins),
                        Topic.of(s.topics().timeSeries(), HostileInputs.TIMESERIES, List.of(cpu)),
                        Topic.of(s.topics().alertOps(), HostileInputs.ALERT_OP, List.of(ack)),
                        Topic.of(
                                s.topics().config(),
                                HostileInputs.STRATEGY,
                                List.of(
                                        customStrategy,
                                        JobRuns.strategyMessage(
                                                "conf/examples/timeseries-strategy.json",
                                                now * 1000),
                                        GseTriggerIT.strategy(
                                                710,
                                                "Custom string",
                                                "bk_monitor.gse_custom_event",
                                                now),
                                        GseTriggerIT.strategy(
                                                711,
                                                "Process hosting",
                                                "bk_monitor.gse_process_event",
                                                now))));

        Map<String, Map<String, Integer>> expected = new TreeMap<>();
        Set<String> sent = new HashSet<>();
        for (Topic t : topics) {
            List<HostileInputs.Hostile> hostile = new ArrayList<>(t.hostile());
            // about the largest message the job takes (and the broker's default limit), and not
            // JSON: its dead letter, with the payload escaped, is twice as large
            byte[] largest = new byte[max - 1024];
            Arrays.fill(largest, (byte) '"');
            hostile.add(
                    new HostileInputs.Hostile(
                            "largest, not JSON", largest, Reasons.MALFORMED_JSON));
            List<KafkaTopics.Message> messages = new ArrayList<>();
            int n = 0;
            for (HostileInputs.Hostile h : hostile) {
                // config records need a key of their kind; a distinct one each, so none replaces
                // another
                String key =
                        t.name().equals(s.topics().config())
                                ? "strategy:" + (9000 + n)
                                : "hostile-" + n;
                messages.add(new KafkaTopics.Message(key, h.payload(), now * 1000));
                expected.computeIfAbsent(t.name(), k -> new TreeMap<>())
                        .merge(h.reason(), 1, Integer::sum);
                sent.add(t.name() + "\n" + new String(h.payload(), StandardCharsets.UTF_8));
                n++;
            }
            messages.addAll(t.good());
            kafka.create(t.name(), 1);
            kafka.produce(t.name(), messages);
        }
        expected.get(s.topics().alertOps()).merge(Reasons.UNKNOWN_ALERT, 1, Integer::sum);
        sent.add(s.topics().alertOps() + "\n" + text(ack));

        JobExecutionResult result;
        long restarts;
        var job = JobRuns.startWith(s, UnaryOperator.identity(), UnaryOperator.identity(), null);
        try (JobStatusWatch status = new JobStatusWatch(job)) {
            result = job.getJobExecutionResult().get();
            restarts = status.restarts();
        }
        assertThat(restarts).as("restarts of the job").isZero();

        Map<String, Map<String, Integer>> letters = new TreeMap<>();
        int truncated = 0;
        for (KafkaTopics.Received r : kafka.readCommitted(s.topics().deadLetter())) {
            JsonNode d = Json.MAPPER.readTree(r.value());
            letters.computeIfAbsent(d.path("source_topic").asText(), k -> new TreeMap<>())
                    .merge(d.path("reason").asText(), 1, Integer::sum);
            assertThat(d.path("detail").asText()).as("a dead letter says why").isNotBlank();
            int bytes = d.path("payload_bytes").asInt();
            assertThat(bytes).isPositive();
            assertThat(r.value().getBytes(StandardCharsets.UTF_8).length)
                    .isLessThanOrEqualTo(DeadLetter.MAX_JSON_BYTES);
            String payload = d.path("payload").asText();
            if (d.path("payload_truncated").asBoolean()) {
                // only the largest message: what fits, and where to find the rest
                assertThat(bytes).isEqualTo(max - 1024);
                assertThat(payload).hasSizeGreaterThan(400_000).matches("\"+");
                truncated++;
            } else if (!d.path("reason").asText().equals(Reasons.INVALID_UTF8)) {
                assertThat(sent)
                        .as("the payload, whole")
                        .contains(d.path("source_topic").asText() + "\n" + payload);
            }
        }
        System.out.printf("[hostile] dead letters by topic and reason: %s%n", letters);
        assertThat(letters).isEqualTo(expected);
        assertThat(truncated).isEqualTo(topics.size());
        long parsedDead = result.<Long>getAccumulatorResult(ParseAccounting.ACC_DEAD);
        assertThat(parsedDead).isPositive();

        ElasticsearchDocs es = new ElasticsearchDocs(svc.elasticsearchUrl());
        Map<String, Integer> alertsByStrategy = new LinkedHashMap<>();
        for (JsonNode a : es.all(s.elasticsearch().alertIndex() + "_*").values()) {
            alertsByStrategy.merge(
                    a.path("strategy_id").isMissingNode() ? "none" : a.path("strategy_id").asText(),
                    1,
                    Integer::sum);
        }
        // the third-party event (no strategy), disk full (shipped 3), the strings (710), the
        // process (711), the login failures (7001) and the CPU load (7101)
        assertThat(alertsByStrategy)
                .containsOnlyKeys("none", "3", "710", "711", "7001", "7101")
                .allSatisfy((k, v) -> assertThat(v).as(k).isEqualTo(1));
    }

    private static String text(KafkaTopics.Message m) {
        return new String(m.value(), StandardCharsets.UTF_8);
    }

    private static String ftaEvent(long now) {
        return "{\"event_id\":\"hostile-good\",\"plugin_id\":\"zabbix_prod\",\"alert_name\":\"CPU"
                + " usage high\",\"severity\":2,\"status\":\"ABNORMAL\",\"target_type\":\"HOST\","
                + "\"target\":\"10.20.30.41\",\"bk_biz_id\":5,\"tags\":[{\"key\":\"trigger_id\","
                + "\"value\":\"18231\"}],\"time\":"
                + now
                + "}";
    }
}
