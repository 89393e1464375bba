package io.bkm.alarm.job.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.job.cli.Bkm;
import io.bkm.alarm.job.config.JobSettings;
import io.bkm.localservices.LocalServices;
import io.bkm.localservices.TestServices;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code bkm} command against the real services and the running job, as an SRE uses it: the
 * effect shows in the job's outputs, and what cannot be done is one line and a non-zero exit.
 */
class BkmCliIT {
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    /** One run of the tool: its exit code and what it printed. */
    record Result(int code, String out, String err) {}

    /** Files the commands read or write; removed after the tests. */
    @TempDir Path tmp;

    private final LocalServices svc = TestServices.get();
    private final KafkaTopics kafka = new KafkaTopics(svc.kafkaBootstrap());
    private final String run = "bkm_cli";
    private final List<String> config =
            JobRuns.args(svc, run, run + "_in_fta", "--kafka.bounded", "false");

    private Result bkm(String... command) {
        return bkmOf(config, command);
    }

    private static Result bkmOf(List<String> config, String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        args.add("--config");
        args.add(TestServices.repoRoot().resolve("conf/job.yaml").toString());
        args.addAll(config);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code =
                Bkm.run(
                        args.toArray(String[]::new),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(
                code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void everyCommandWorksOnTheRunningJobAndRefusesWhatCannotBeDone() throws Exception {
        JobSettings s = JobRuns.runningSettings(svc, run);
        JobRuns.createTopics(s);
        long now = System.currentTimeMillis() / 1000;

        // strategies: a file the job's parser refuses is not written; a good one is, and goes
        Path bad = tmp.resolve("bad-strategy.json");
        Files.writeString(bad, "{\"id\": 9100, \"name\": \"no items\", \"bk_biz_id\": 2}");
        Result refused = bkm("strategy", "put", bad.toString());
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).startsWith("bkm: ").contains("is refused").contains("items");
        Result put =
                bkm(
                        "strategy",
                        "put",
                        TestServices.repoRoot()
                                .resolve("conf/examples/custom-event-strategy.json")
                                .toString());
        assertThat(put.code()).as(put.err()).isZero();
        assertThat(bkm("strategy", "list").out())
                .contains("Login failures")
                .contains("config topic")
                .contains("shipped");
        assertThat(bkm("strategy", "delete", "7001").code()).isZero();
        assertThat(bkm("strategy", "list").out()).doesNotContain("Login failures");
        assertThat(bkm("strategy", "delete", "7001").err()).contains("no strategy 7001");

        // a shield over business 9 from ten minutes ago, before the job starts
        Result shield =
                bkm("shield", "add", "--biz", "9", "--from", "-10m", "--to", "+2h", "--id", "31");
        assertThat(shield.code()).as(shield.err()).isZero();
        assertThat(bkm("shield", "add", "--biz", "9", "--to", "yesterday").err())
                .contains("--to must be");
        assertThat(bkm("shield", "list").out()).contains("31").contains(" 9 ");

        JobRuns.whileRunning(
                s,
                () -> {
                    kafka.produce(
                            s.topics().ftaEvent(),
                            List.of(
                                    KafkaTopics.Message.of("a", event("cli-a", 5, now), now * 1000),
                                    KafkaTopics.Message.of("b", event("cli-b", 9, now), now * 1000),
                                    KafkaTopics.Message.of("c", "{\"event_id\":", now * 1000)));
                    JsonNode a = awaitAlert(5);
                    String id = a.path("id").asText();
                    assertThat(a.path("is_shielded").asBoolean()).isFalse();
                    assertThat(awaitAlert(9).path("is_shielded").asBoolean())
                            .as("shielded by the tool's shield")
                            .isTrue();

                    Result table = bkm("alerts", "--biz", "5");
                    assertThat(table.out()).contains(id).contains("ABNORMAL").contains("1 alerts");

                    Result ack = bkm("ack", id, "--reason", "looking", "--operator", "alice");
                    assertThat(ack.code()).as(ack.err()).isZero();
                    assertThat(alert(id).path("ack_operator").asText()).isEqualTo("alice");
                    assertThat(bkm("alerts", "--biz", "5").out()).contains("acked");
                    assertThat(bkm("unack", id).code()).isZero();
                    assertThat(alert(id).path("is_ack").asBoolean()).isFalse();
                    assertThat(bkm("unack", id).err()).contains("is not acknowledged");
                    assertThat(bkm("close", id, "--reason", "done").code()).isZero();
                    assertThat(alert(id).path("status").asText()).isEqualTo("CLOSED");

                    Result ended = bkm("ack", id);
                    assertThat(ended.code()).isEqualTo(1);
                    assertThat(ended.err().strip())
                            .isEqualTo("bkm: alert " + id + " already ended (CLOSED)");
                    Result unknown = bkm("ack", "17000000001");
                    assertThat(unknown.code()).isEqualTo(1);
                    assertThat(unknown.err()).contains("no alert 17000000001");

                    assertThat(bkm("shield", "end", "31").code()).isZero();
                    assertThat(bkm("shield", "list").out()).doesNotContain("31 ");

                    Result letters = awaitDeadLetter();
                    assertThat(letters.out()).contains(s.topics().ftaEvent() + " malformed_json");
                    assertThat(letters.out()).contains("{\"event_id\":");
                });

        // the launcher, as a person runs it, with Elasticsearch away: one line, exit 1
        List<String> launch = new ArrayList<>(List.of("scripts/bkm", "alerts"));
        launch.addAll(config);
        launch.addAll(List.of("--elasticsearch.hosts", "http://127.0.0.1:1"));
        ProcessBuilder pb = new ProcessBuilder(launch).directory(TestServices.repoRoot().toFile());
        // the build under test, never a new one
        pb.environment().put("BKM_NO_BUILD", "1");
        Process p = pb.start();
        p.getOutputStream().close();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(err).isEqualTo(1);
        assertThat(err.strip())
                .startsWith("bkm: Elasticsearch at http://127.0.0.1:1 is unreachable");
    }

    /**
     * The golden savepoint of 2026-12-02 holds twenty open alerts of five events each, listed with
     * their fingerprints beside it: inspected, the tool lists exactly those.
     */
    @Test
    void aSavepointIsInspectedUnderTheJobsOwnUidsAndStateNames() throws Exception {
        Path golden =
                TestServices.repoRoot()
                        .resolve("job/src/test/resources/golden-savepoint/2026-12-02");
        java.util.Map<String, String> expected = new java.util.TreeMap<>();
        for (String line : Files.readAllLines(golden.resolve("alerts.txt"))) {
            String[] f = line.split(" ");
            expected.put(f[0], f[1]);
        }
        Result r =
                bkm(
                        "savepoint",
                        "inspect",
                        golden.resolve("savepoint").toString(),
                        "--open",
                        "--json");
        assertThat(r.code()).as(r.err()).isZero();
        java.util.Map<String, String> listed = new java.util.TreeMap<>();
        for (String line : r.out().split("\n")) {
            JsonNode a = read(line);
            listed.put(a.path("id").asText(), a.path("dedupe_md5").asText());
            assertThat(a.path("event_count").asLong()).isEqualTo(5);
            assertThat(a.path("notice").path("execute_times").asInt()).as(line).isPositive();
        }
        assertThat(listed).isEqualTo(expected);
        Result table = bkm("savepoint", "inspect", golden.resolve("savepoint").toString());
        assertThat(table.out()).contains("20 alerts");
        Result missing = bkm("savepoint", "inspect", golden.resolve("nothing").toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).startsWith("bkm: cannot read the savepoint at ");
    }

    /**
     * The cutover from bk-monitor: two of its open alerts, written into Elasticsearch as it writes
     * them (its own ids and versions, no event count, a notice already sent), carried into a
     * savepoint by {@code bkm bootstrap}. The job started from it continues the first under its id
     * without paging again, closes the second when its close window ends, and takes an ack of it.
     */
    @Test
    void aBootstrappedSavepointContinuesBkMonitorsAlertsWithoutPagingAgain() throws Exception {
        String boot = "bkm_boot";
        List<String> cfg = JobRuns.args(svc, boot, boot + "_in_fta", "--kafka.bounded", "false");
        JobSettings s = JobRuns.runningSettings(svc, boot);
        JobRuns.createTopics(s);
        // bk-monitor's index mapping; the job's templates hold the same fields
        io.bkm.alarm.job.JobEnvironment.prepareOutputs(s);
        ElasticsearchDocs es = new ElasticsearchDocs(svc.elasticsearchUrl());
        long now = System.currentTimeMillis() / 1000;
        long created = now - 900;
        String day =
                java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd")
                        .withZone(java.time.ZoneOffset.UTC)
                        .format(java.time.Instant.ofEpochSecond(created));
        String alertIndex = s.elasticsearch().alertIndex() + "_" + day;
        String eventIndex = s.elasticsearch().eventIndex() + "_" + day;
        String md5 = "0b5e1c0ffee00000000000000000a001";
        String closing = "0b5e1c0ffee00000000000000000a002";
        String id = created + "4242";
        String closingId = created + "4243";
        JsonNode doc = bkMonitorAlert(id, md5, 11, created, now - 300, now + 3000);
        es.put(alertIndex, id, Json.write(doc));
        // bk-monitor updated it since: Elasticsearch's own version is 2
        assertThat(es.put(alertIndex, id, Json.write(doc))).isEqualTo(2);
        es.put(
                alertIndex,
                closingId,
                Json.write(bkMonitorAlert(closingId, closing, 11, created, now - 3000, now + 20)));
        for (int i = 0; i < 3; i++) {
            es.put(
                    eventIndex,
                    "bk-event-" + i,
                    "{\"dedupe_md5\":\"" + md5 + "\",\"time\":" + (now - 600 + i * 100) + "}");
        }

        Path sp = tmp.resolve("savepoint");
        String[] bootstrap = {
            "bootstrap",
            "--from-es",
            svc.elasticsearchUrl(),
            "--index",
            s.elasticsearch().alertIndex() + "_*",
            "--event-index",
            s.elasticsearch().eventIndex() + "_*",
            "--out",
            sp.toString()
        };
        Result written = bkmOf(cfg, bootstrap);
        assertThat(written.code()).as(written.err()).isZero();
        assertThat(written.out()).contains("2 open alerts carried into " + sp);
        Result again = bkmOf(cfg, bootstrap);
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).contains("already exists");

        java.util.Map<String, JsonNode> held = new java.util.TreeMap<>();
        for (String line :
                bkmOf(cfg, "savepoint", "inspect", sp.toString(), "--json").out().split("\n")) {
            held.put(read(line).path("id").asText(), read(line));
        }
        assertThat(held).containsOnlyKeys(id, closingId);
        assertThat(held.get(id).path("event_count").asLong()).as("counted").isEqualTo(3);
        assertThat(held.get(id).path("version").asLong()).isEqualTo(2);
        assertThat(held.get(id).path("notice").path("execute_times").asInt()).isEqualTo(1);

        JobRuns.whileRunning(
                s,
                sp.toString(),
                () -> {
                    // sent as now: notices of a backlog wait for their convergence window
                    long at = System.currentTimeMillis() / 1000;
                    kafka.produce(
                            s.topics().ftaEvent(),
                            List.of(
                                    KafkaTopics.Message.of(
                                            "a", bootEvent("boot-a", 11, md5, at), at * 1000),
                                    KafkaTopics.Message.of(
                                            "c", bootEvent("boot-c", 12, null, at), at * 1000)));
                    JsonNode carried =
                            awaitDoc(es, s, d -> d.path("event_count").asLong() == 4, id);
                    assertThat(carried.path("version").asLong()).isEqualTo(3);
                    assertThat(carried.path("seq_id").asLong()).isEqualTo(4242);
                    assertThat(carried.path("status").asText()).isEqualTo("ABNORMAL");
                    String fresh =
                            awaitDoc(es, s, d -> d.path("bk_biz_id").asInt() == 12, null)
                                    .path("id")
                                    .asText();
                    // the timer carried over: its close window ended while the job ran
                    awaitDoc(es, s, d -> d.path("status").asText().equals("CLOSED"), closingId);

                    Result ack = bkmOf(cfg, "ack", id, "--operator", "carol");
                    assertThat(ack.code()).as(ack.err()).isZero();
                    assertThat(awaitDoc(es, s, d -> d.path("is_ack").asBoolean(), id)).isNotNull();

                    // a notice sent after the carried alert's version had gone through
                    long then = System.currentTimeMillis() / 1000;
                    kafka.produce(
                            s.topics().ftaEvent(),
                            List.of(
                                    KafkaTopics.Message.of(
                                            "d",
                                            bootEvent("boot-d", 13, null, then),
                                            then * 1000)));
                    String last =
                            awaitDoc(es, s, d -> d.path("bk_biz_id").asInt() == 13, null)
                                    .path("id")
                                    .asText();
                    List<JsonNode> actions = awaitAbnormalNotices(s, fresh, last);
                    assertThat(actions)
                            .as("no second page for bk-monitor's alert")
                            .noneMatch(x -> x.path("alert_id").asText().equals(id));
                    assertThat(
                                    es.all(s.elasticsearch().alertIndex() + "_*").values().stream()
                                            .filter(d -> d.path("dedupe_md5").asText().equals(md5)))
                            .as("one alert of the fingerprint, bk-monitor's")
                            .singleElement()
                            .satisfies(d -> assertThat(d.path("id").asText()).isEqualTo(id));
                });
    }

    /** An open alert as bk-monitor stores it, told once at its creation. */
    private static JsonNode bkMonitorAlert(
            String id, String md5, int biz, long created, long latest, long closeAt)
            throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode d;
        try (var in = BkmCliIT.class.getResourceAsStream("/bkmonitor/open-alert.json")) {
            d = (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.readTree(in);
        }
        d.put("id", id).put("seq_id", Long.parseLong(id.substring(10))).put("dedupe_md5", md5);
        d.put("bk_biz_id", biz).put("create_time", created).put("update_time", latest);
        d.put("begin_time", created - 10)
                .put("latest_time", latest)
                .put("next_status_time", closeAt);
        d.put("first_anomaly_time", created - 10).put("duration", latest - created + 10);
        var event = (com.fasterxml.jackson.databind.node.ObjectNode) d.path("event");
        event.put("dedupe_md5", md5).put("bk_biz_id", biz).put("time", latest);
        var record =
                (com.fasterxml.jackson.databind.node.ObjectNode)
                        d.path("extra_info").path("cycle_handle_record").path("1");
        record.put("last_time", created)
                .put("latest_anomaly_time", created)
                .put("execute_times", 1);
        return d;
    }

    /** The alert document with {@code id} (or any, for null) once {@code done} holds for it. */
    private static JsonNode awaitDoc(
            ElasticsearchDocs es,
            JobSettings s,
            java.util.function.Predicate<JsonNode> done,
            String id)
            throws Exception {
        return es
                .await(
                        s.elasticsearch().alertIndex() + "_*",
                        docs ->
                                docs.stream()
                                        .anyMatch(
                                                d ->
                                                        (id == null
                                                                        || d.path("id")
                                                                                .asText()
                                                                                .equals(id))
                                                                && done.test(d)),
                        PATIENCE)
                .stream()
                .filter(d -> (id == null || d.path("id").asText().equals(id)) && done.test(d))
                .findFirst()
                .orElseThrow();
    }

    /** Every abnormal notice on the action topic, once those of all {@code ids} are there. */
    private List<JsonNode> awaitAbnormalNotices(JobSettings s, String... ids) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            List<JsonNode> abnormal = new ArrayList<>();
            List<String> seen = new ArrayList<>();
            for (KafkaTopics.Received r : kafka.readCommitted(s.topics().action())) {
                seen.add(r.json().path("id").asText());
                if (r.json().path("signal").asText().equals("abnormal")) {
                    abnormal.add(r.json());
                }
            }
            if (abnormal.stream()
                    .map(x -> x.path("alert_id").asText())
                    .collect(java.util.stream.Collectors.toSet())
                    .containsAll(List.of(ids))) {
                return abnormal;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "abnormal notices of "
                                + List.of(ids)
                                + " within "
                                + PATIENCE
                                + ": "
                                + seen);
            }
            Thread.sleep(500);
        }
    }

    private static String bootEvent(String eventId, int biz, String md5, long time) {
        String e = event(eventId, biz, time);
        return md5 == null ? e : e.replace("{", "{\"dedupe_md5\":\"" + md5 + "\",");
    }

    private JsonNode alert(String id) {
        Result r = bkm("alerts", "--json");
        for (String line : r.out().split("\n")) {
            if (!line.isBlank()) {
                JsonNode a = read(line);
                if (a.path("id").asText().equals(id)) {
                    return a;
                }
            }
        }
        throw new AssertionError("no alert " + id + " in " + r);
    }

    private JsonNode awaitAlert(int biz) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            Result r = bkm("alerts", "--json", "--biz", Integer.toString(biz));
            if (r.code() == 0 && !r.out().isBlank()) {
                return read(r.out().split("\n")[0]);
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no alert of business " + biz + " within " + PATIENCE);
    }

    private Result awaitDeadLetter() throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            Result r = bkm("dead-letters", "--since", "1h");
            if (r.out().contains("malformed_json") || System.nanoTime() > deadline) {
                return r;
            }
            Thread.sleep(500);
        }
    }

    private static JsonNode read(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    private static String event(String eventId, int biz, long time) {
        return "{\"event_id\":\""
                + eventId
                + "\",\"plugin_id\":\"cli\",\"alert_name\":\"Disk almost full\",\"severity\":2,"
                + "\"status\":\"ABNORMAL\",\"target_type\":\"HOST\",\"target\":\"10.30.0."
                + biz
                + "\",\"bk_biz_id\":"
                + biz
                + ",\"time\":"
                + time
                + "}";
    }
}
