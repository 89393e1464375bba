package io.bkm.alarm.job.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.bkm.alarm.job.config.JobSettings;
import io.bkm.localservices.FlinkCluster;
import io.bkm.localservices.LocalServices;
import io.bkm.localservices.ServiceProcess;
import io.bkm.localservices.TestFlinkCluster;
import io.bkm.localservices.TestServices;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Drills on a real standalone Flink cluster (a JobManager and two TaskManagers, each its own
 * process), driven by {@code scripts/flink.sh} (Flink's own command-line client) with the shaded
 * job jar, as SREs run it and as docs/operations.md says: an upgrade to a changed build and a
 * rollback through savepoints, rescaling from 2 to 4 and to 1 on the way; a TaskManager killed with
 * {@code kill -9} and replaced; and the local job ({@code scripts/run-local.sh}) killed and started
 * again. Each drill reads the same input, part of it before each interruption and the rest after,
 * and must leave every output exactly as one clean run of the whole input leaves it ({@link
 * RunOutcome}). Convergence is off here: its windows are released by the clock, which a drill
 * cannot repeat; the exactly-once proof covers it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterDrillsIT {
    private static final int FINGERPRINTS = 150;
    private static final int PER_FINGERPRINT = 40;
    private static final int BAD_EVERY = 500;
    private static final Pattern JOB_ID = Pattern.compile("JobID ([0-9a-f]{32})");
    private static final Pattern SAVEPOINT = Pattern.compile("Savepoint completed\\. Path: (\\S+)");

    private LocalServices svc;
    private KafkaTopics kafka;
    private ElasticsearchDocs es;
    private FlinkCluster cluster;
    private Path root;
    private long baseMs;
    private RunOutcome clean;

    @BeforeAll
    void runTheWholeInputCleanly() throws Exception {
        svc = TestServices.get();
        kafka = new KafkaTopics(svc.kafkaBootstrap());
        es = new ElasticsearchDocs(svc.elasticsearchUrl());
        root = TestServices.repoRoot();
        cluster = TestFlinkCluster.get();
        // dated a minute back, as in the proof: nothing in a run waits for the clock
        baseMs = (System.currentTimeMillis() - 60_000) / 1000 * 1000;
        JobSettings s = settings("drill_clean", "--kafka.bounded", "true");
        kafka.create(s.topics().ftaEvent(), 4);
        kafka.produce(s.topics().ftaEvent(), input(0, PER_FINGERPRINT));
        JobRuns.run(s, UnaryOperator.identity());
        clean = RunOutcome.of(kafka, es, svc.redisPort(), s);
        System.out.printf("[drill] clean run: %s%n", clean.summary());
        assertThat(clean.events()).hasSize(FINGERPRINTS * PER_FINGERPRINT);
        assertThat(clean.alerts()).hasSize(FINGERPRINTS);
        assertThat(clean.actions()).hasSizeGreaterThanOrEqualTo(FINGERPRINTS);
        assertThat(RunOutcome.count(clean.deadLetters()))
                .isEqualTo(FINGERPRINTS * PER_FINGERPRINT / BAD_EVERY);
    }

    /**
     * The life of a release, in one run: the job at the cluster's parallelism (2) keeps a savepoint
     * and is stopped with another; a new build (its version changed in the jar) resumes from it at
     * parallelism 4; then it is rolled back, stopped with a savepoint and the previous build
     * resumed from it at parallelism 1. A quarter or half of the input comes after each step.
     */
    @Test
    @Order(1)
    void upgradeRescaleAndRollBackThroughSavepointsChangeNothing() throws Exception {
        JobSettings s = settings("drill_upgrade");
        String job = submitFirstHalf(s);
        assertThat(parallelism(job)).isEqualTo(2);
        // a savepoint while it runs, as taken before an upgrade to keep one
        assertThat(flink("savepoint", job, cluster.savepointDir().toUri().toString()))
                .anyMatch(l -> SAVEPOINT.matcher(l).find());
        String first = stopWithSavepoint(job);

        kafka.produce(s.topics().ftaEvent(), input(PER_FINGERPRINT / 2, PER_FINGERPRINT * 3 / 4));
        List<String> upgraded =
                submit(s, jarWithVersion("0.1.0-upgrade-drill"), "-p", "4", "-s", first);
        assertThat(upgraded).contains("bkm-alarm 0.1.0-upgrade-drill");
        String four = jobId(upgraded);
        assertThat(parallelism(four)).isEqualTo(4);
        awaitEvents(s, FINGERPRINTS * PER_FINGERPRINT * 3 / 4);
        String second = stopWithSavepoint(four);

        kafka.produce(s.topics().ftaEvent(), input(PER_FINGERPRINT * 3 / 4, PER_FINGERPRINT));
        List<String> rolledBack = submit(s, jar(), "-p", "1", "-s", second);
        assertThat(rolledBack).doesNotContain("bkm-alarm 0.1.0-upgrade-drill");
        String one = jobId(rolledBack);
        assertThat(parallelism(one)).isEqualTo(1);
        awaitCleanThenCancel(s, one);
    }

    /** {@code kill -9} of a TaskManager mid-stream, and a new one started in its place. */
    @Test
    @Order(2)
    void aTaskManagerKilledMidStreamChangesNothing() throws Exception {
        JobSettings s = settings("drill_tm_kill");
        String job = submitFirstHalf(s);
        ServiceProcess victim = cluster.taskManagers().get(0);
        cluster.killTaskManager(victim);
        System.out.printf("[drill] task manager %s (pid %d) killed%n", victim.name(), victim.pid());
        kafka.produce(s.topics().ftaEvent(), input(PER_FINGERPRINT / 2, PER_FINGERPRINT));
        cluster.startTaskManager();
        awaitCleanThenCancel(s, job);
    }

    /**
     * {@code kill -9} of the local job ({@code scripts/run-local.sh}), then the same command again:
     * it resumes from the latest checkpoint the killed run left, as a JobManager would.
     */
    @Test
    @Order(3)
    void theLocalJobKilledAndStartedAgainChangesNothing() throws Exception {
        // the run's checkpoints where run-local.sh keeps them, not where the tests put theirs
        JobSettings s = settings("drill_local_crash", "--checkpoint.dir", "");
        Path runDir = root.resolve("job/target/it-drills/local-crash");
        deleteTree(runDir);
        kafka.create(s.topics().ftaEvent(), 4);
        kafka.produce(s.topics().ftaEvent(), input(0, PER_FINGERPRINT / 2));
        Step stop =
                () ->
                        run(
                                List.of(
                                        "bash",
                                        root.resolve("scripts/run-local.sh").toString(),
                                        "--stop"),
                                runDir);
        try {
            assertThat(runLocal(s, runDir, "--fresh"))
                    .anyMatch(l -> l.contains("starting with empty state"));
            // the local stack's own parallelism: half the host's cores, at least one
            int cores = Runtime.getRuntime().availableProcessors();
            assertThat(Files.readAllLines(runDir.resolve("flink-conf/config.yaml")))
                    .containsOnlyOnce("parallelism.default: " + Math.max(1, cores / 2));
            awaitEvents(s, 1);
            // a crash before the first checkpoint would leave nothing to resume from: the job
            // would start over, as a cluster's would; the drill is about the crash after one
            CompletedCheckpoints.awaitOne(runDir.resolve("checkpoints"));
            long pid = Long.parseLong(Files.readString(runDir.resolve("job.pid")).trim());
            // its whole heap from the start, as Flink starts a task manager
            // from /proc: ProcessHandle.Info gave no arguments for it in CI
            List<String> jvm =
                    List.of(Files.readString(Path.of("/proc/" + pid + "/cmdline")).split("\0"));
            assertThat(jvmOption(jvm, "-Xms")).isEqualTo(jvmOption(jvm, "-Xmx")).isNotEmpty();
            ProcessHandle.of(pid)
                    .ifPresent(
                            h -> {
                                h.destroyForcibly();
                                h.onExit().join();
                            });
            System.out.printf("[drill] local job (pid %d) killed%n", pid);
            // what the killed job could not remove (its RPC jar) stays in its run folder
            try (Stream<Path> left = Files.list(runDir.resolve("tmp"))) {
                assertThat(left.map(p -> p.getFileName().toString()))
                        .anyMatch(n -> n.startsWith("flink-rpc"));
            }
            kafka.produce(s.topics().ftaEvent(), input(PER_FINGERPRINT / 2, PER_FINGERPRINT));
            assertThat(runLocal(s, runDir))
                    .anyMatch(
                            l ->
                                    l.contains(
                                            "resuming from the latest checkpoint of the previous"
                                                    + " run"));
            awaitCleanThen(s, stop);
        } finally {
            // a local job is a process of its own: never leave one behind
            stop.run();
        }
    }

    /** The value of the last JVM option of {@code args} that starts with {@code prefix}. */
    private static String jvmOption(List<String> args, String prefix) {
        String value = "";
        for (String a : args) {
            if (a.startsWith(prefix)) {
                value = a.substring(prefix.length());
            }
        }
        return value;
    }

    // ---- the drills' steps ---------------------------------------------------------------------

    private JobSettings settings(String run, String... extra) {
        return JobRuns.settings(svc, run, run + "_in_fta", args(extra));
    }

    private static String[] args(String... extra) {
        List<String> a =
                new ArrayList<>(
                        List.of(
                                "--kafka.bounded",
                                "false",
                                "--notice.converge-window-seconds",
                                "0"));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    /** The first half of the input, the job submitted, and some of it processed. */
    private String submitFirstHalf(JobSettings s) throws Exception {
        kafka.create(s.topics().ftaEvent(), 4);
        kafka.produce(s.topics().ftaEvent(), input(0, PER_FINGERPRINT / 2));
        String job = jobId(submit(s, jar()));
        awaitEvents(s, 1);
        assertThat(cluster.jobStatus(job)).isEqualTo("RUNNING");
        return job;
    }

    private List<String> submit(JobSettings s, Path jar, String... flinkOptions) throws Exception {
        List<String> jobArgs =
                new ArrayList<>(List.of("--config", root.resolve("conf/job.yaml").toString()));
        jobArgs.addAll(JobRuns.args(svc, s.kafka().groupId(), s.topics().ftaEvent(), args()));
        List<String> create =
                new ArrayList<>(
                        List.of("bash", root.resolve("scripts/create-topics.sh").toString()));
        create.addAll(jobArgs);
        run(create);
        List<String> cmd = new ArrayList<>(List.of("run", "-d"));
        cmd.addAll(List.of(flinkOptions));
        cmd.add(jar.toString());
        cmd.addAll(jobArgs);
        List<String> out = flink(cmd.toArray(String[]::new));
        System.out.printf("[drill] %s: %s%n", s.kafka().groupId(), String.join(" | ", out));
        return out;
    }

    /** {@code scripts/flink.sh ARGS} against the test cluster. */
    private List<String> flink(String... args) throws Exception {
        List<String> cmd =
                new ArrayList<>(List.of("bash", root.resolve("scripts/flink.sh").toString()));
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    /**
     * {@code scripts/run-local.sh --detach FLAGS} of the run, its pid and checkpoints in runDir.
     */
    private List<String> runLocal(JobSettings s, Path runDir, String... flags) throws Exception {
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                "bash",
                                root.resolve("scripts/run-local.sh").toString(),
                                "--detach"));
        cmd.addAll(List.of(flags));
        cmd.addAll(List.of("--config", root.resolve("conf/job.yaml").toString()));
        cmd.addAll(
                JobRuns.args(
                        svc,
                        s.kafka().groupId(),
                        s.topics().ftaEvent(),
                        args("--checkpoint.dir", "")));
        List<String> out = run(cmd, runDir);
        System.out.printf("[drill] %s: %s%n", s.kafka().groupId(), String.join(" | ", out));
        return out;
    }

    /**
     * A parallelism that is no positive whole number, or a heap that is no JVM size, is refused
     * before anything starts.
     */
    @Test
    @Order(4)
    void aParallelismOrHeapThatIsNoNumberStopsTheLocalJobBeforeItStarts() throws Exception {
        for (String wrong : List.of("abc", "0", "-2")) {
            refusedBeforeStart("BKM_PARALLELISM", wrong, "BKM_PARALLELISM must be a whole number");
        }
        for (String wrong : List.of("2 g", "0g", "2x", "-Xmx2g", "2048")) {
            refusedBeforeStart("BKM_HEAP", wrong, "BKM_HEAP must be a JVM heap size");
        }
    }

    private void refusedBeforeStart(String variable, String wrong, String message)
            throws Exception {
        ProcessBuilder pb =
                new ProcessBuilder(
                                "bash", root.resolve("scripts/run-local.sh").toString(), "--detach")
                        .directory(root.toFile())
                        .redirectErrorStream(true);
        pb.environment().put(variable, wrong);
        pb.environment().put("BKM_RUN_DIR", root.resolve("job/target/it-drills/bad").toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isEqualTo(1);
        assertThat(out).contains(message, "'" + wrong + "'");
    }

    private List<String> run(List<String> cmd) throws Exception {
        return run(cmd, null);
    }

    private List<String> run(List<String> cmd, Path runDir) throws Exception {
        ProcessBuilder pb =
                new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true);
        pb.environment().put("BKM_FLINK_CONF_DIR", cluster.confDir().toString());
        // the scripts run the build under test, never a new one
        pb.environment().put("BKM_NO_BUILD", "1");
        if (runDir != null) {
            pb.environment().put("BKM_RUN_DIR", runDir.toString());
        }
        Process p = pb.start();
        List<String> out =
                new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                        .lines()
                        .toList();
        assertThat(p.waitFor())
                .as("exit code of %s:%n%s", String.join(" ", cmd), String.join("\n", out))
                .isZero();
        return out;
    }

    private String stopWithSavepoint(String job) throws Exception {
        List<String> out =
                flink("stop", "--savepointPath", cluster.savepointDir().toUri().toString(), job);
        String savepoint = find(SAVEPOINT, out);
        System.out.printf("[drill] stopped %s with savepoint %s%n", job, savepoint);
        return savepoint;
    }

    /**
     * The cancel that ends a drill goes through the REST API: the drills take the command line
     * where an SRE would (run, savepoint, stop), and a client JVM costs seconds on two busy cores.
     */
    private void awaitCleanThenCancel(JobSettings s, String job) throws Exception {
        awaitCleanThen(s, () -> cluster.cancelJob(job, Duration.ofMinutes(1)));
    }

    interface Step {
        void run() throws Exception;
    }

    /** Waits until the outputs are the clean run's, stops the job, and compares them once more. */
    private void awaitCleanThen(JobSettings s, Step stop) throws Exception {
        // cheap to ask; reading the Kafka outputs waits for open transactions to settle
        awaitEvents(s, FINGERPRINTS * PER_FINGERPRINT);
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        RunOutcome run = RunOutcome.of(kafka, es, svc.redisPort(), s);
        while (!run.equals(clean) && System.nanoTime() < deadline) {
            Thread.sleep(2_000);
            run = RunOutcome.of(kafka, es, svc.redisPort(), s);
        }
        stop.run();
        // nothing more after the stop, and nothing less
        RunOutcome last = RunOutcome.of(kafka, es, svc.redisPort(), s);
        System.out.printf("[drill] %s: %s%n", s.kafka().groupId(), last.summary());
        last.assertSameAs(clean);
    }

    private void awaitEvents(JobSettings s, int atLeast) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (es.count(s.elasticsearch().eventIndex() + "_*") >= atLeast) {
                    return;
                }
            } catch (IllegalStateException notYet) {
                // index not there yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError(atLeast + " events did not reach Elasticsearch within 3 minutes");
    }

    private int parallelism(String job) throws Exception {
        String body = cluster.get("/jobs/" + job + "/config");
        Matcher m = Pattern.compile("\"job-parallelism\":(\\d+)").matcher(body);
        assertThat(m.find()).as("job config of %s: %s", job, body).isTrue();
        return Integer.parseInt(m.group(1));
    }

    /** Events {@code from} to {@code to} (exclusive) of every fingerprint, and some bad records. */
    private List<KafkaTopics.Message> input(int from, int to) {
        List<KafkaTopics.Message> out = new ArrayList<>();
        for (int seq = from; seq < to; seq++) {
            for (int fp = 0; fp < FINGERPRINTS; fp++) {
                long ts = baseMs + seq * 1000L;
                out.add(
                        KafkaTopics.Message.of(
                                "fp-" + fp,
                                ExactlyOnceProofIT.event(fp, seq, PER_FINGERPRINT, baseMs / 1000),
                                ts));
                int n = seq * FINGERPRINTS + fp + 1;
                if (n % BAD_EVERY == 0) {
                    out.add(KafkaTopics.Message.of("bad", "{\"event_id\":\"bad-" + n + "\",", ts));
                }
            }
        }
        return out;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var files = Files.walk(dir)) {
                for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
    }

    private Path jar() {
        return root.resolve("job/target/bkm-alarm-job.jar");
    }

    /** The job jar with another version written into it: a changed build. */
    private Path jarWithVersion(String version) throws IOException {
        Path out = root.resolve("job/target/it-drills/bkm-alarm-job-" + version + ".jar");
        Files.createDirectories(out.getParent());
        try (JarFile in = new JarFile(jar().toFile());
                OutputStream file = Files.newOutputStream(out);
                JarOutputStream jar = new JarOutputStream(file)) {
            for (JarEntry e : java.util.Collections.list(in.entries())) {
                jar.putNextEntry(new JarEntry(e.getName()));
                if (e.getName().equals("bkm-alarm.properties")) {
                    jar.write(("version=" + version + "\n").getBytes(StandardCharsets.UTF_8));
                } else {
                    try (InputStream data = in.getInputStream(e)) {
                        data.transferTo(jar);
                    }
                }
                jar.closeEntry();
            }
        }
        return out;
    }

    private static String jobId(List<String> out) {
        return find(JOB_ID, out);
    }

    private static String find(Pattern p, List<String> out) {
        for (String line : out) {
            Matcher m = p.matcher(line);
            if (m.find()) {
                return m.group(1);
            }
        }
        throw new AssertionError(
                "not in the client's output (" + p + "):\n" + String.join("\n", out));
    }
}
