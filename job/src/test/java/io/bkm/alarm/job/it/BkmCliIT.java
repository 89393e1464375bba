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

/**
 * Every {@code bkm} command against the real services and the running job, as an SRE uses it: the
 * effect shows in the job's outputs, and what cannot be done is one line and a non-zero exit.
 */
class BkmCliIT {
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    /** One run of the tool: its exit code and what it printed. */
    record Result(int code, String out, String err) {}

    private final LocalServices svc = TestServices.get();
    private final KafkaTopics kafka = new KafkaTopics(svc.kafkaBootstrap());
    private final String run = "bkm_cli";
    private final List<String> config =
            JobRuns.args(svc, run, run + "_in_fta", "--kafka.bounded", "false");

    private Result bkm(String... command) {
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
        Path bad = Files.createTempFile("bad-strategy", ".json");
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
                            s.ftaEventTopic(),
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
                    assertThat(letters.out()).contains(s.ftaEventTopic() + " malformed_json");
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
