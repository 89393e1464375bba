package io.bkm.alarm.job.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bkm.alarm.job.config.JobSettings;
import io.bkm.localservices.LocalServices;
import io.bkm.localservices.TestServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Savepoints of earlier releases, kept under {@code src/test/resources/golden-savepoint/}, must
 * restore into this build and carry on: a renamed uid or state, or a state type changed
 * incompatibly, fails here before it fails an upgrade. Each holds the whole job's state after a
 * small fixed input (third-party events of a few fingerprints, some bad records), taken with {@code
 * -Dbkm.golden.write=NAME}. The restored job must know the alerts of that state: each one's id
 * comes out again, continued by a new event of its fingerprint or closed by its timers, however
 * much later the test runs.
 */
class GoldenSavepointIT {
    private static final int FINGERPRINTS = 20;
    private static final int PER_FINGERPRINT = 5;
    private static final String RUN = "golden";

    private static Path goldenRoot() {
        return TestServices.repoRoot().resolve("job/src/test/resources/golden-savepoint");
    }

    @Test
    void everyGoldenSavepointRestoresAndCarriesOn() throws Exception {
        List<Path> goldens;
        try (Stream<Path> dirs = Files.list(goldenRoot())) {
            goldens = dirs.filter(Files::isDirectory).sorted().toList();
        }
        assertThat(goldens).as("golden savepoints").isNotEmpty();
        for (Path golden : goldens) {
            restoreAndCarryOn(golden);
        }
    }

    private void restoreAndCarryOn(Path golden) throws Exception {
        LocalServices svc = TestServices.get();
        KafkaTopics kafka = new KafkaTopics(svc.kafkaBootstrap());
        ElasticsearchDocs es = new ElasticsearchDocs(svc.elasticsearchUrl());
        String name = golden.getFileName().toString();
        long baseSeconds = Long.parseLong(Files.readString(golden.resolve("base-seconds")).trim());
        Map<String, String> goldenAlerts = readAlerts(golden.resolve("alerts.txt"));
        assertThat(goldenAlerts).hasSize(FINGERPRINTS);

        // the same input at the same offsets as when it was taken, then one more event each
        JobSettings s = settings(svc);
        kafka.create(s.topics().ftaEvent(), 2);
        kafka.produce(s.topics().ftaEvent(), input(baseSeconds, 0, PER_FINGERPRINT));
        kafka.produce(
                s.topics().ftaEvent(), input(baseSeconds, PER_FINGERPRINT, PER_FINGERPRINT + 1));

        Path copy = TestServices.repoRoot().resolve("job/target/it-golden/" + name);
        copyTree(golden.resolve("savepoint"), copy);
        JobClient job =
                JobRuns.start(
                        s,
                        UnaryOperator.identity(),
                        UnaryOperator.identity(),
                        copy.toUri().toString());
        try {
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            Map<String, JsonNode> alerts = Map.of();
            while (System.nanoTime() < deadline) {
                alerts = alertsNow(es, s);
                if (alerts.keySet().containsAll(goldenAlerts.keySet())) {
                    break;
                }
                assertThat(job.getJobStatus().get().isTerminalState())
                        .as("the job restored from golden savepoint %s ended", name)
                        .isFalse();
                Thread.sleep(1_000);
            }
            System.out.printf(
                    "[golden] %s restored: %d of its %d alerts came out again%n",
                    name,
                    alerts.keySet().stream().filter(goldenAlerts::containsKey).count(),
                    goldenAlerts.size());
            assertThat(alerts.keySet())
                    .as("alert ids of golden savepoint %s after restoring it", name)
                    .containsAll(goldenAlerts.keySet());
            for (Map.Entry<String, String> a : goldenAlerts.entrySet()) {
                JsonNode doc = alerts.get(a.getKey());
                assertThat(doc.path("dedupe_md5").asText()).isEqualTo(a.getValue());
                // continued or closed: either way a version after the golden one
                assertThat(doc.path("version").asLong()).isGreaterThan(PER_FINGERPRINT);
            }
        } finally {
            job.cancel().get(1, TimeUnit.MINUTES);
        }
    }

    /** Takes a new golden savepoint: {@code -Dbkm.golden.write=NAME} (a release, a date). */
    @Test
    @EnabledIfSystemProperty(named = "bkm.golden.write", matches = ".+")
    void writeAGoldenSavepoint() throws Exception {
        String name = System.getProperty("bkm.golden.write");
        Path golden = goldenRoot().resolve(name);
        assertThat(golden).doesNotExist();
        LocalServices svc = TestServices.get();
        KafkaTopics kafka = new KafkaTopics(svc.kafkaBootstrap());
        ElasticsearchDocs es = new ElasticsearchDocs(svc.elasticsearchUrl());
        long baseSeconds = System.currentTimeMillis() / 1000 - 60;
        JobSettings s = settings(svc);
        kafka.create(s.topics().ftaEvent(), 2);
        kafka.produce(s.topics().ftaEvent(), input(baseSeconds, 0, PER_FINGERPRINT));
        JobClient job = JobRuns.start(s, UnaryOperator.identity(), UnaryOperator.identity(), null);
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        Map<String, JsonNode> alerts = Map.of();
        while (System.nanoTime() < deadline) {
            alerts = alertsNow(es, s);
            if (alerts.size() == FINGERPRINTS
                    && alerts.values().stream()
                            .allMatch(a -> a.path("version").asLong() == PER_FINGERPRINT)) {
                break;
            }
            Thread.sleep(500);
        }
        assertThat(alerts).hasSize(FINGERPRINTS);
        // a few idle checkpoints, so that no Kafka transaction is pending in the savepoint
        Thread.sleep(3_000);
        Path taken =
                Path.of(
                        java.net.URI.create(
                                job.stopWithSavepoint(
                                                false,
                                                TestServices.repoRoot()
                                                        .resolve("job/target/it-golden-taken")
                                                        .toUri()
                                                        .toString(),
                                                SavepointFormatType.CANONICAL)
                                        .get(2, TimeUnit.MINUTES)));
        copyTree(taken, golden.resolve("savepoint"));
        Files.writeString(golden.resolve("base-seconds"), baseSeconds + "\n");
        StringBuilder lines = new StringBuilder();
        new TreeMap<>(alerts)
                .forEach(
                        (id, a) ->
                                lines.append(id)
                                        .append(' ')
                                        .append(a.path("dedupe_md5").asText())
                                        .append('\n'));
        Files.writeString(golden.resolve("alerts.txt"), lines.toString());
        System.out.printf("[golden] written %s from %s%n", golden, taken);
    }

    private static JobSettings settings(LocalServices svc) {
        return JobRuns.settings(
                svc,
                RUN,
                RUN + "_in_fta",
                "--kafka.bounded",
                "false",
                "--checkpoint.interval-ms",
                "500");
    }

    private static List<KafkaTopics.Message> input(long baseSeconds, int from, int to) {
        List<KafkaTopics.Message> out = new ArrayList<>();
        for (int seq = from; seq < to; seq++) {
            for (int fp = 0; fp < FINGERPRINTS; fp++) {
                out.add(
                        KafkaTopics.Message.of(
                                "fp-" + fp,
                                ExactlyOnceProofIT.event(
                                        fp + 1, seq, PER_FINGERPRINT + 1, baseSeconds),
                                baseSeconds * 1000 + seq * 1000L));
            }
            out.add(
                    KafkaTopics.Message.of(
                            "bad", "{\"event_id\":\"bad-" + seq + "\",", baseSeconds * 1000));
        }
        return out;
    }

    private static Map<String, JsonNode> alertsNow(ElasticsearchDocs es, JobSettings s)
            throws Exception {
        try {
            return es.all(s.elasticsearch().alertIndex() + "_*");
        } catch (IllegalStateException notYet) {
            return Map.of();
        }
    }

    private static Map<String, String> readAlerts(Path file) throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (String line : Files.readAllLines(file)) {
            String[] parts = line.trim().split(" ");
            if (parts.length == 2) {
                out.put(parts[0], parts[1]);
            }
        }
        return out;
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(f, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
