package io.bkm.alarm.sql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bkm.alarm.job.JobEnvironment;
import io.bkm.alarm.job.config.JobConfig;
import io.bkm.alarm.job.config.JobSettings;
import io.bkm.alarm.job.it.FailingSink;
import io.bkm.alarm.job.it.InjectedFailures;
import io.bkm.alarm.job.it.JobRuns;
import io.bkm.alarm.job.it.KafkaTopics;
import io.bkm.localservices.LocalServices;
import io.bkm.localservices.TestServices;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * Both jobs on the real stack: the main job turns a known stream of third-party events into alerts
 * on {@code bkm_alert}; the SQL job reads them and writes converged windows and storms, checked
 * against the counts worked out by hand from the events.
 */
class SqlJobIT {
    private static final java.time.Duration PATIENCE = java.time.Duration.ofSeconds(120);

    private final LocalServices svc = TestServices.get();
    private final KafkaTopics kafka = new KafkaTopics(svc.kafkaBootstrap());

    /**
     * A 5-minute boundary a quarter of an hour ago: every time below is an offset from it. Within
     * the hour, so no alert reaches its close window while the main job runs.
     */
    private final long w = boundary(Instant.now().getEpochSecond() - 900, 1000);

    /**
     * The 5-minute boundary at or before {@code t}, or an earlier one when the times up to {@code
     * span} seconds after it would cross midnight: the statistics are per day, and a run near
     * midnight must leave the same days as one at noon.
     */
    private static long boundary(long t, long span) {
        long w = Math.floorDiv(t, 300) * 300;
        long midnight = (Math.floorDiv(w, 86_400) + 1) * 86_400;
        return w + span < midnight ? w : Math.floorDiv(midnight - span - 1, 300) * 300;
    }

    private final List<KafkaTopics.Message> events = new ArrayList<>();

    private void event(String target, String status, int severity, long at) {
        String json =
                "{\"event_id\":\"%s-%s-%d\",\"plugin_id\":\"sql\",\"alert_name\":\"Disk almost full\","
                                .formatted(target, status, at)
                        + "\"severity\":%d,\"status\":\"%s\",\"target_type\":\"HOST\",\"target\":\"%s\","
                                .formatted(severity, status, target)
                        + "\"bk_biz_id\":21,\"time\":%d}".formatted(at);
        events.add(KafkaTopics.Message.of(target, json, at * 1000));
    }

    /** A time as the JSON format writes a TIMESTAMP_LTZ. */
    private static String utc(long seconds) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
                .withZone(java.time.ZoneOffset.UTC)
                .format(Instant.ofEpochSecond(seconds));
    }

    /** An alert's first version as the main job writes it to {@code bkm_alert}. */
    private static KafkaTopics.Message alertVersion(long at, String target) {
        String id = at + "77" + target.replace(".", "");
        String json =
                ("{\"id\":\"%s\",\"bk_biz_id\":\"21\",\"strategy_id\":0,\"severity\":3,"
                     + "\"status\":\"ABNORMAL\",\"create_time\":%d,\"update_time\":%d,"
                     + "\"version\":1,\"dimensions\":[{\"key\":\"target\",\"value\":\"%s\"}]}")
                        .formatted(id, at, at, target);
        return KafkaTopics.Message.of(id, json, at * 1000);
    }

    @Test
    void convergedWindowsAndAStormFromTheMainJobsAlerts() throws Exception {
        SqlRun both =
                sqlRun(
                        "sql_it",
                        "--sql.storm.threshold",
                        "5",
                        "--sql.storm.quiet-minutes",
                        "3",
                        // the main job's subtasks interleave its versions on the topic
                        "--sql.out-of-orderness-seconds",
                        "600");
        JobSettings s = both.s();
        SqlSettings q = both.q();

        // minute 0: six new alerts, one of them fatal; minute 1: seven; minute 2: one
        for (int i = 0; i < 6; i++) {
            event("10.21.0." + i, "ABNORMAL", i == 0 ? 1 : 2, w + 10 + i);
        }
        for (int i = 0; i < 7; i++) {
            event("10.21.1." + i, "ABNORMAL", 2, w + 70 + i);
        }
        event("10.21.2.0", "ABNORMAL", 2, w + 130);
        // two of minute 0's alerts recover in the window
        event("10.21.0.1", "RECOVERED", 2, w + 200);
        event("10.21.0.2", "RECOVERED", 2, w + 210);
        // minute 5, after three quiet minutes, ends the storm
        event("10.21.5.0", "ABNORMAL", 2, w + 310);
        event("10.21.6.0", "ABNORMAL", 2, w + 400);
        kafka.produce(s.topics().ftaEvent(), events);
        JobRuns.run(s, UnaryOperator.identity());

        // after the main job's versions: one that moves the alert times past the first windows,
        // then one that is late for the first, within the allowed lateness
        kafka.produce(
                s.topics().alert(),
                List.of(alertVersion(w + 950, "10.21.9.0"), alertVersion(w + 250, "10.21.4.0")));
        environment(both, null, UnaryOperator.identity()).execute(q.jobName());
        // every version the main job wrote, and every notice, is a row of the SQL job's tables
        assertThat(kafka.readCommitted(s.topics().deadLetter()))
                .extracting(r -> r.value())
                .isEmpty();

        // as a reader of an upsert topic keeps it: the last value per key, a tombstone deletes
        Map<String, JsonNode> latest = new java.util.TreeMap<>();
        int tombstones = 0;
        for (KafkaTopics.Received r : kafka.readCommitted(q.convergedAlertTopic())) {
            String window =
                    io.bkm.alarm.common.Json.MAPPER.readTree(r.key()).path("window_start").asText();
            if (r.value() == null) {
                latest.remove(window);
                tombstones++;
            } else {
                latest.put(window, r.json());
            }
        }
        assertThat(latest).hasSize(3);
        assertThat(latest.values())
                .extracting(x -> x.path("alerts").asLong())
                .containsExactly(15L, 2L, 1L);
        JsonNode w0 = latest.values().iterator().next();
        assertThat(w0.path("bk_biz_id").asText()).isEqualTo("21");
        assertThat(w0.path("alerts").asLong()).isEqualTo(15);
        assertThat(w0.path("opened").asLong()).isEqualTo(15);
        assertThat(w0.path("ended").asLong()).isEqualTo(2);
        assertThat(w0.path("still_open").asLong()).isEqualTo(13);
        assertThat(w0.path("max_severity").asInt()).isEqualTo(1);
        assertThat(w0.path("alert_ids").size()).isEqualTo(15);
        assertThat(w0.path("top_dimensions").size()).isPositive();

        List<JsonNode> storms = new ArrayList<>();
        kafka.readCommitted(q.alertStormTopic()).forEach(r -> storms.add(r.json()));
        // the storm as it stood after each busy minute, and at its end (in no fixed order: the
        // end comes from a statement of its own)
        assertThat(storms)
                .extracting(
                        x ->
                                String.join(
                                        " ",
                                        x.path("status").asText(),
                                        x.path("storm_start").asText(),
                                        x.path("storm_end").asText(),
                                        x.path("new_alerts").asText(),
                                        x.path("peak").asText(),
                                        x.path("busy_minutes").asText()))
                .containsExactlyInAnyOrder(
                        "opened " + utc(w) + " " + utc(w + 60) + " 6 6 1",
                        "updated " + utc(w) + " " + utc(w + 120) + " 13 7 2",
                        "ended " + utc(w) + " " + utc(w + 120) + " 13 7 2");
        assertThat(w0.path("window_start").asText()).isEqualTo(utc(w));
        // the day's statistics, worked out from the events: 16 alerts of the main job (18 events,
        // the two recovered ones with their recovery) and the two versions sent above; the two
        // recovered alerts took 189 s and 198 s from their first event to their end, unacked
        String day = utc(w).substring(0, 10).replace("-", "");
        JsonNode stats =
                new io.bkm.alarm.job.it.ElasticsearchDocs(svc.elasticsearchUrl())
                        .all(q.statsIndex() + "_" + day)
                        .get("21.0." + day);
        assertThat(stats).as("statistics of business 21 on " + day).isNotNull();
        assertThat(stats.path("alerts").asLong()).isEqualTo(18);
        assertThat(stats.path("events").asLong()).isEqualTo(18);
        assertThat(stats.path("mtta_seconds").asDouble()).isEqualTo(193.5);
        assertThat(stats.path("mtta_p90_seconds").asLong()).isEqualTo(198);
        assertThat(stats.path("mttr_seconds").asDouble()).isEqualTo(193.5);
        assertThat(stats.path("mttr_p90_seconds").asLong()).isEqualTo(198);
        assertThat(stats.path("shielded").asLong()).isZero();
        assertThat(stats.path("blocked").asLong()).isZero();
        // every notice and summary on bkm_action, and the notices the summaries stand for
        long sent = 0;
        long converged = 0;
        for (KafkaTopics.Received r : kafka.readCommitted(s.topics().action())) {
            sent++;
            converged += r.json().path("converged_count").asLong(0);
        }
        assertThat(sent).isPositive();
        assertThat(stats.path("notices_sent").asLong()).isEqualTo(sent);
        assertThat(stats.path("notices_converged").asLong()).isEqualTo(converged);

        System.out.println(
                "[sql] stats " + stats + " (" + sent + " sent, " + converged + " converged)");
        System.out.println(
                "[sql] windows "
                        + latest
                        + " ("
                        + tombstones
                        + " tombstones)\n[sql] storms "
                        + storms);
    }

    /** The settings of a run of both jobs (or of the SQL job alone) whose outputs are its own. */
    private record SqlRun(JobSettings s, SqlSettings q) {}

    private SqlRun sqlRun(String run, String... extra) throws Exception {
        List<String> args =
                new ArrayList<>(
                        JobRuns.args(
                                svc,
                                run,
                                run + "_in_fta",
                                "--sql.converged-alert-topic",
                                run + "_converged",
                                "--sql.alert-storm-topic",
                                run + "_storms",
                                "--sql.group-id",
                                run + "_sql",
                                "--sql.transactional-id-prefix",
                                run + "_sql",
                                "--sql.stats-index",
                                run + "_stats"));
        args.addAll(List.of(extra));
        JobConfig c =
                JobConfig.load(
                        TestServices.repoRoot().resolve("conf/job.yaml"),
                        args.toArray(new String[0]));
        SqlRun r = new SqlRun(JobSettings.from(c), SqlSettings.from(c));
        JobRuns.createTopics(r.s());
        kafka.create(r.q().convergedAlertTopic(), 1);
        kafka.create(r.q().alertStormTopic(), 1);
        return r;
    }

    /**
     * The SQL job alone over {@code alertTopic}, storms of more than 3 ending after 2 calm minutes.
     */
    private static String[] restartArgs(String alertTopic, boolean bounded) {
        return new String[] {
            "--topics.alert",
            alertTopic,
            "--kafka.bounded",
            Boolean.toString(bounded),
            "--sql.storm.threshold",
            "3",
            "--sql.storm.quiet-minutes",
            "2"
        };
    }

    private StreamExecutionEnvironment environment(
            SqlRun r,
            String savepoint,
            UnaryOperator<org.apache.flink.api.connector.sink2.Sink<org.apache.flink.types.Row>>
                    statsWriter,
            String... settings)
            throws Exception {
        var conf =
                JobEnvironment.localConfiguration(
                        TestServices.repoRoot().resolve("conf/flink"), r.s());
        // the statistics' writer is a pipeline of its own: a failure there restarts the Kafka
        // writers too only when a failure restarts the whole job
        conf.setString("jobmanager.execution.failover-strategy", "full");
        if (savepoint != null) {
            conf.setString("execution.state-recovery.path", savepoint);
        }
        for (int i = 0; i < settings.length; i += 2) {
            conf.setString(settings[i], settings[i + 1]);
        }
        SqlJob.prepareOutputs(r.s(), r.q());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);
        SqlJob.define(env, r.s(), r.q(), statsWriter);
        return env;
    }

    /** What a run left: the last converged record per window, the storm records, the stats. */
    private Map<String, Object> outputs(SqlRun r) throws Exception {
        Map<String, JsonNode> windows = new java.util.TreeMap<>();
        for (KafkaTopics.Received x : kafka.readCommitted(r.q().convergedAlertTopic())) {
            if (x.value() == null) {
                windows.remove(x.key());
            } else {
                windows.put(x.key(), x.json());
            }
        }
        List<String> storms = new ArrayList<>();
        kafka.readCommitted(r.q().alertStormTopic()).forEach(x -> storms.add(x.value()));
        storms.sort(null);
        Map<String, JsonNode> stats =
                new io.bkm.alarm.job.it.ElasticsearchDocs(svc.elasticsearchUrl())
                        .all(r.q().statsIndex() + "_*");
        List<String> deadLetters = new ArrayList<>();
        kafka.readCommitted(r.s().topics().deadLetter())
                .forEach(
                        x ->
                                deadLetters.add(
                                        x.json().path("reason").asText()
                                                + " "
                                                + x.json().path("payload").asText()));
        deadLetters.sort(null);
        return Map.of(
                "converged",
                windows,
                "storms",
                storms,
                "stats",
                stats,
                "dead_letters",
                deadLetters);
    }

    /** Alert versions of business 31: a storm in minutes 0 to 2, calm, then another in 6. */
    private List<KafkaTopics.Message> versions() {
        long base = boundary(Instant.now().getEpochSecond() - 1800, 3601);
        List<KafkaTopics.Message> out = new ArrayList<>();
        int[] perMinute = {4, 5, 1, 0, 2, 0, 6, 1, 0, 0, 1};
        int n = 0;
        for (int m = 0; m < perMinute.length; m++) {
            for (int i = 0; i < perMinute[m]; i++) {
                long at = base + m * 60L + i;
                String id = at + "31" + (n++);
                out.add(version(id, at, at, "ABNORMAL", i % 3 + 1, "10.31." + m + "." + i));
                if (i % 2 == 0) {
                    out.add(
                            version(
                                    id,
                                    at,
                                    at + 90,
                                    "RECOVERED",
                                    i % 3 + 1,
                                    "10.31." + m + "." + i));
                }
            }
        }
        out.sort(java.util.Comparator.comparingLong(KafkaTopics.Message::timestamp));
        // two records that are no alert versions, among the others: dead letters, in every run
        out.add(5, KafkaTopics.Message.of(null, "not json", (base + 70) * 1000));
        out.add(
                20,
                KafkaTopics.Message.of(
                        null, "{\"id\":\"1\",\"bk_biz_id\":\"31\"}", (base + 300) * 1000));
        long later = base + 3600;
        out.add(version(later + "319", later, later, "ABNORMAL", 3, "10.31.99.0"));
        return out;
    }

    private static KafkaTopics.Message version(
            String id, long created, long at, String status, int severity, String target) {
        boolean ended = !status.equals("ABNORMAL");
        String json =
                ("{\"id\":\"%s\",\"bk_biz_id\":\"31\",\"strategy_id\":7,\"severity\":%d,"
                                        + "\"status\":\"%s\",\"create_time\":%d,\"update_time\":%d,"
                                        + "\"begin_time\":%d,\"version\":%d,\"event_count\":%d,"
                                        + "\"dimensions\":[{\"key\":\"target\",\"value\":\"%s\"}]")
                                .formatted(
                                        id,
                                        severity,
                                        status,
                                        created,
                                        at,
                                        created,
                                        ended ? 2 : 1,
                                        ended ? 2 : 1,
                                        target)
                        + (ended
                                ? ",\"end_time\":%d,\"ack_duration\":%d}"
                                        .formatted(at, at - created)
                                : "}");
        return KafkaTopics.Message.of(id, json, at * 1000);
    }

    /** The input of the restart and failure tests, and what one uninterrupted run leaves of it. */
    private static List<KafkaTopics.Message> input;

    private static Map<String, Object> clean;

    /**
     * The SQL job alone, bounded, over {@link #versions()}: its outputs are what a run with
     * restarts or failures must leave. The last version is an hour ahead, so every window of the
     * others closes.
     */
    private Map<String, Object> cleanRun() throws Exception {
        if (clean == null) {
            input = versions();
            String topic = "sql_clean_alert";
            kafka.create(topic, 1);
            kafka.produce(topic, input);
            SqlRun run = sqlRun("sql_clean", restartArgs(topic, true));
            environment(run, null, UnaryOperator.identity()).execute(run.q().jobName());
            Map<String, Object> out = outputs(run);
            assertThat(((Map<?, ?>) out.get("converged"))).hasSizeGreaterThan(2);
            assertThat(((List<?>) out.get("storms")))
                    .anyMatch(x -> x.toString().contains("\"opened\""))
                    .anyMatch(x -> x.toString().contains("\"updated\""))
                    .anyMatch(x -> x.toString().contains("\"ended\""));
            assertThat(((Map<?, ?>) out.get("stats"))).hasSize(1);
            assertThat(out.get("dead_letters"))
                    .isEqualTo(
                            List.of(
                                    "malformed_json not json",
                                    "missing_field {\"id\":\"1\",\"bk_biz_id\":\"31\"}"));
            clean = out;
        }
        return clean;
    }

    /** Waits until {@code r} has left {@code expected}, then says what it left. */
    private Map<String, Object> awaitOutputs(SqlRun r, Map<String, Object> expected)
            throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        Map<String, Object> got = outputs(r);
        while (!got.equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            got = outputs(r);
        }
        return got;
    }

    /**
     * Stopped with a savepoint halfway through the input and resumed from it once the rest has
     * come, the SQL job leaves what one uninterrupted run leaves: the same last record per
     * converged window, the same storm records, the same statistics.
     */
    @Test
    void aRestartFromASavepointLeavesWhatAnUninterruptedRunLeaves() throws Exception {
        Map<String, Object> expected = cleanRun();
        String half = "sql_restart_alert";
        kafka.create(half, 1);
        kafka.produce(half, input.subList(0, input.size() / 2));
        SqlRun restarted = sqlRun("sql_restarted", restartArgs(half, false));
        var first =
                environment(restarted, null, UnaryOperator.identity())
                        .executeAsync(restarted.q().jobName());
        kafka.awaitCommitted(restarted.q().convergedAlertTopic(), 1, PATIENCE);
        String savepoint =
                first.stopWithSavepoint(
                                false,
                                TestServices.repoRoot()
                                        .resolve("sql/target/it-savepoints")
                                        .toUri()
                                        .toString(),
                                org.apache.flink.core.execution.SavepointFormatType.CANONICAL)
                        .get();
        kafka.produce(half, input.subList(input.size() / 2, input.size()));
        // restored Kafka splits keep the boundedness they were read with: the resumed run is
        // unbounded too, and done when it has written what the clean run wrote
        var second =
                environment(restarted, savepoint, UnaryOperator.identity())
                        .executeAsync(restarted.q().jobName());
        try {
            assertThat(awaitOutputs(restarted, expected)).isEqualTo(expected);
        } finally {
            second.cancel().get();
        }
    }

    /**
     * With the input coming in three parts, the statistics' writer fails while writing the first
     * row of the second part, and twice in a checkpoint while storm records of the job are written
     * but not yet committed (the first in the next checkpoint with storm records pending after the
     * failed write, the second in the run after its restart, which writes the aborted storm records
     * again). Each failure restarts the whole job from its last checkpoint: the Kafka writers' open
     * transactions are aborted and written again, the statistics written again. The job still
     * leaves exactly what one uninterrupted run leaves, in every output.
     */
    @Test
    void injectedFailuresInWritesAndCheckpointsChangeNoOutput() throws Exception {
        Map<String, Object> expected = cleanRun();
        String topic = "sql_failing_alert";
        kafka.create(topic, 1);
        List<String> args = new ArrayList<>(List.of(restartArgs(topic, false)));
        // one reader, which holds the topic's one partition, and never idle: event time moves
        // with the records alone, not with a reader going idle between the parts and active
        // again, which can stall a watermark on Flink 1.20.5 (sql/README.md)
        args.addAll(List.of("--sql.idle-timeout-ms", "3600000"));
        SqlRun failing = sqlRun("sql_failing", args.toArray(new String[0]));
        String storms = failing.q().alertStormTopic();
        int third = input.size() / 3;
        List<List<KafkaTopics.Message>> parts =
                List.of(
                        input.subList(0, third),
                        input.subList(third, 2 * third),
                        input.subList(2 * third, input.size()));
        long[] alertsAfter = new long[parts.size()];
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < parts.size(); i++) {
            parts.get(i).stream().filter(m -> m.key() != null).forEach(m -> ids.add(m.key()));
            alertsAfter[i] = ids.size();
        }
        long firstPart = alertsAfter[0];
        FailingSink.WRITE_FAILURES_LEFT.set(1);
        FailingSink.FLUSH_FAILURES_LEFT.set(2);
        FailingSink.failFlushesWhile(null);
        InjectedFailures.clear();
        var job =
                environment(
                                failing,
                                null,
                                w ->
                                        FailingSink.around(
                                                "statistics writer",
                                                w,
                                                r -> alerts(r) > firstPart,
                                                r -> false),
                                // checkpoints far enough apart that written storm records wait
                                // in open transactions for a while
                                "execution.checkpointing.interval",
                                "5 s",
                                "parallelism.default",
                                "1")
                        .executeAsync(failing.q().jobName());
        try {
            var es = new io.bkm.alarm.job.it.ElasticsearchDocs(svc.elasticsearchUrl());
            for (int i = 0; i < parts.size(); i++) {
                kafka.produce(topic, parts.get(i));
                if (i == 1) {
                    // armed once the write has failed, when the job is restarting, so that the
                    // flush failures fall in the runs after it and each has a restart of its
                    // own; a storm record written before the flush stays open until the flush is
                    // done, one written during it is caught by the wait
                    awaitFailures(1);
                    FailingSink.failFlushesWhile(() -> openTransactionWithin(storms));
                }
                long alerts = alertsAfter[i];
                es.await(
                        failing.q().statsIndex() + "_*",
                        docs -> docs.stream().anyMatch(d -> d.path("alerts").asLong() == alerts),
                        PATIENCE);
            }
            // the outputs first: with fewer failures than planned, whether the job wrote
            // everything tells a storm record the job failed to write from a failure not injected
            int failures = awaitFailures(3);
            assertThat(awaitOutputs(failing, expected)).isEqualTo(expected);
            assertThat(failures)
                    .as(
                            "injected failures done (%s; left: %d in writes, %d in flushes waiting"
                                    + " for storm records in an open transaction)",
                            InjectedFailures.all(),
                            FailingSink.WRITE_FAILURES_LEFT.get(),
                            FailingSink.FLUSH_FAILURES_LEFT.get())
                    .isEqualTo(3);
        } finally {
            job.cancel().get();
        }
    }

    /** The injected failures done once there are {@code n}, or when patience runs out. */
    private static int awaitFailures(int n) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (InjectedFailures.all().size() < n && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        return InjectedFailures.all().size();
    }

    private boolean openTransactionWithin(String topic) throws InterruptedException {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(2).toNanos();
        while (!kafka.hasOpenTransaction(topic)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    private static long alerts(org.apache.flink.types.Row statsRow) {
        return ((Number) statsRow.getField("alerts")).longValue();
    }
}
