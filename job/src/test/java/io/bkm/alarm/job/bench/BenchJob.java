package io.bkm.alarm.job.bench;

import io.bkm.localservices.LocalServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The job as a user runs it for a benchmark: {@code scripts/run-local.sh --detach} against the
 * benchmark's own services, its logs and pid under {@code runDir}, and its settings as {@code
 * scripts/create-topics.sh} and the job read them.
 */
final class BenchJob {
    private final Path root;
    private final Path runDir;
    private final LocalServices svc;
    private long pid;

    BenchJob(Path root, Path runDir, LocalServices svc) {
        this.root = root;
        this.runDir = runDir;
        this.svc = svc;
    }

    long pid() {
        return pid;
    }

    /**
     * Starts the job with {@code -Dbench.job-args} (job settings, {@code --key value ...}) and
     * {@code -Dbench.job-opts} (its JVM's options).
     */
    void start() throws Exception {
        pid =
                start(
                        root,
                        runDir,
                        svc,
                        System.getProperty("bench.job-args", ""),
                        System.getProperty("bench.job-opts", ""));
    }

    /** Stops the job if it runs. */
    void stop() throws Exception {
        if (pid != 0) {
            stop(root, runDir, pid);
            pid = 0;
        }
    }

    /** Stops the job, by force if it will not stop. */
    void kill() {
        try {
            stop();
        } catch (Exception e) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /** The settings arguments that point the job's tools at the benchmark's services. */
    static List<String> args(Path root, LocalServices svc) {
        return List.of(
                "--config",
                root.resolve("conf/job.yaml").toString(),
                "--kafka.bootstrap-servers",
                svc.kafkaBootstrap(),
                "--elasticsearch.hosts",
                svc.elasticsearchUrl(),
                "--redis.port",
                Integer.toString(svc.redisPort()),
                "--cmdb.redis-port",
                Integer.toString(svc.redisPort()));
    }

    /**
     * Starts the job and returns its pid.
     *
     * @param extraArgs job settings ({@code --key value ...}), may be empty
     * @param javaOpts the job JVM's extra options, may be empty
     */
    private static long start(
            Path root, Path runDir, LocalServices svc, String extraArgs, String javaOpts)
            throws Exception {
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                "bash",
                                root.resolve("scripts/run-local.sh").toString(),
                                "--detach"));
        if (!extraArgs.isBlank()) {
            cmd.addAll(List.of(extraArgs.trim().split("\\s+")));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        Map<String, String> env = pb.environment();
        env.put("BKM_KAFKA_PORT", Integer.toString(svc.ports().kafka()));
        env.put("BKM_ES_PORT", Integer.toString(svc.ports().elasticsearch()));
        env.put("BKM_REDIS_PORT", Integer.toString(svc.redisPort()));
        env.put("BKM_RUN_DIR", runDir.toString());
        env.put("BKM_JAVA_OPTS", javaOpts);
        if (pb.start().waitFor() != 0) {
            throw new IllegalStateException("the job did not start; see " + runDir);
        }
        return Long.parseLong(Files.readString(runDir.resolve("job.pid")).trim());
    }

    /** Stops the job started in {@code runDir} and waits for its process to end. */
    private static void stop(Path root, Path runDir, long pid) throws Exception {
        ProcessBuilder pb =
                new ProcessBuilder(
                                "bash", root.resolve("scripts/run-local.sh").toString(), "--stop")
                        .inheritIO();
        pb.environment().put("BKM_RUN_DIR", runDir.toString());
        pb.start().waitFor();
        ProcessHandle.of(pid).ifPresent(h -> h.onExit().join());
    }
}
