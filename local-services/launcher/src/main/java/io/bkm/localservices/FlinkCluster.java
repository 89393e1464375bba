package io.bkm.localservices;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A standalone Flink session cluster as a distribution's scripts start it: one JobManager ({@code
 * StandaloneSessionClusterEntrypoint}) and TaskManagers ({@code TaskManagerRunner}), each its own
 * JVM with the memory options {@code BashJavaUtils} derives from the configuration, all reading one
 * {@code config.yaml}: the project's {@code conf/flink/config.yaml} plus this cluster's addresses,
 * sizes and directories. {@link #cli} runs Flink's own command-line client against it.
 */
public final class FlinkCluster implements AutoCloseable {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Pattern TASK_MANAGERS = Pattern.compile("\"taskmanagers\":(\\d+)");
    private static final Pattern SLOTS = Pattern.compile("\"slots-available\":(\\d+)");
    private static final Pattern STATUS = Pattern.compile("\"status\":\"([A-Z_]+)\"");

    private final Path root;
    private final Path dir;
    private final int restPort;
    private final String classpath;
    private ServiceProcess jobManager;
    private final List<ServiceProcess> taskManagers = new ArrayList<>();
    private int started;

    private FlinkCluster(Path root, Path dir, int restPort) {
        this.root = root;
        this.dir = dir;
        this.restPort = restPort;
        this.classpath = ServerClasspath.of(root, "flink", false);
    }

    /** Writes the configuration and starts the JobManager and {@code taskManagers} TaskManagers. */
    public static FlinkCluster start(
            Path root, Path dir, int restPort, int rpcPort, int taskManagers) throws IOException {
        FlinkCluster c = new FlinkCluster(root, dir, restPort);
        c.writeConfiguration(rpcPort);
        c.jobManager = c.startProcess("jobmanager", "JM", jobManagerMain());
        for (int i = 0; i < taskManagers; i++) {
            c.startTaskManager();
        }
        return c;
    }

    /** A handle on a cluster started earlier (by {@code scripts/local-env.sh}), to stop it. */
    public static FlinkCluster attach(
            Path root,
            Path dir,
            int restPort,
            ServiceProcess jobManager,
            List<ServiceProcess> tms) {
        FlinkCluster c = new FlinkCluster(root, dir, restPort);
        c.jobManager = jobManager;
        c.taskManagers.addAll(tms);
        return c;
    }

    private static String jobManagerMain() {
        return "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    }

    public Path confDir() {
        return dir.resolve("conf");
    }

    public Path checkpointDir() {
        return dir.resolve("checkpoints");
    }

    public Path savepointDir() {
        return dir.resolve("savepoints");
    }

    public String restUrl() {
        return "http://127.0.0.1:" + restPort;
    }

    public ServiceProcess jobManager() {
        return jobManager;
    }

    public List<ServiceProcess> taskManagers() {
        return List.copyOf(taskManagers);
    }

    private void writeConfiguration(int rpcPort) throws IOException {
        Files.createDirectories(confDir());
        Files.createDirectories(dir.resolve("tmp"));
        StringBuilder yaml = new StringBuilder();
        for (String line : Files.readAllLines(root.resolve("conf/flink/config.yaml"))) {
            if (!line.startsWith("execution.checkpointing.dir:")) {
                yaml.append(line).append('\n');
            }
        }
        Map<String, String> local =
                Map.ofEntries(
                        Map.entry("jobmanager.rpc.address", "127.0.0.1"),
                        Map.entry("jobmanager.rpc.port", Integer.toString(rpcPort)),
                        Map.entry("jobmanager.bind-host", "127.0.0.1"),
                        Map.entry("taskmanager.bind-host", "127.0.0.1"),
                        Map.entry("taskmanager.host", "127.0.0.1"),
                        Map.entry("rest.address", "127.0.0.1"),
                        Map.entry("rest.bind-address", "127.0.0.1"),
                        Map.entry("rest.port", Integer.toString(restPort)),
                        Map.entry("jobmanager.memory.process.size", "1g"),
                        Map.entry("taskmanager.memory.process.size", "2g"),
                        Map.entry("taskmanager.numberOfTaskSlots", "2"),
                        // a job of parallelism 2 runs on both TaskManagers, so killing either
                        // one is a failure the job must recover from
                        Map.entry("cluster.evenly-spread-out-slots", "true"),
                        Map.entry(
                                "execution.checkpointing.dir", checkpointDir().toUri().toString()),
                        Map.entry(
                                "execution.checkpointing.savepoint-dir",
                                savepointDir().toUri().toString()),
                        Map.entry("io.tmp.dirs", dir.resolve("tmp").toString()));
        yaml.append("\n# this local cluster (local-services/launcher FlinkCluster)\n");
        local.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(
                        e ->
                                yaml.append(e.getKey())
                                        .append(": ")
                                        .append(e.getValue())
                                        .append('\n'));
        Files.writeString(confDir().resolve("config.yaml"), yaml.toString());
    }

    /** Starts one more TaskManager; it registers with the JobManager on its own. */
    public ServiceProcess startTaskManager() throws IOException {
        ServiceProcess tm =
                startProcess(
                        "taskmanager-" + (++started),
                        "TM",
                        "org.apache.flink.runtime.taskexecutor.TaskManagerRunner");
        taskManagers.add(tm);
        return tm;
    }

    /** {@code kill -9} of a TaskManager: no shutdown, no goodbye to the JobManager. */
    public void killTaskManager(ServiceProcess tm) {
        ProcessHandle.of(tm.pid())
                .ifPresent(
                        h -> {
                            h.destroyForcibly();
                            h.onExit().join();
                        });
        taskManagers.remove(tm);
    }

    private ServiceProcess startProcess(String name, String kind, String main) throws IOException {
        List<String> resources = resourceParams(kind);
        List<String> cmd = new ArrayList<>();
        cmd.add(ServerClasspath.javaBin());
        cmd.addAll(split(resources.get(0)));
        cmd.addAll(split(option("env.java.opts.all")));
        if (kind.equals("TM")) {
            cmd.addAll(split(option("env.java.opts.taskmanager")));
        }
        Path log = dir.resolve(name + ".log");
        cmd.addAll(
                List.of(
                        "-Dlog4j2.configurationFile="
                                + root.resolve("conf/log4j2-local.properties"),
                        "-Dbkm.log.file=" + log,
                        // the REST API and web UI serve the log from here
                        "-Dlog.file=" + log,
                        ServerClasspath.tmpDirOption(dir),
                        "-cp",
                        classpath,
                        main,
                        "--configDir",
                        confDir().toString()));
        cmd.addAll(split(resources.get(1)));
        return ServiceProcess.start(name, cmd, dir, dir.resolve(name + ".out"));
    }

    /** The JVM options and dynamic settings Flink's start scripts take from BashJavaUtils. */
    private List<String> resourceParams(String kind) throws IOException {
        List<String> out =
                runJava(
                        List.of(
                                "-cp",
                                classpath,
                                "org.apache.flink.runtime.util.bash.BashJavaUtils",
                                "GET_" + kind + "_RESOURCE_PARAMS",
                                "--configDir",
                                confDir().toString()),
                        Map.of());
        List<String> results =
                out.stream()
                        .filter(l -> l.startsWith("BASH_JAVA_UTILS_EXEC_RESULT:"))
                        .map(l -> l.substring("BASH_JAVA_UTILS_EXEC_RESULT:".length()))
                        .toList();
        if (results.size() < 2) {
            throw new IllegalStateException(
                    "BashJavaUtils gave no " + kind + " resources: " + String.join("\n", out));
        }
        return results.subList(results.size() - 2, results.size());
    }

    private String option(String key) throws IOException {
        for (String line : Files.readAllLines(confDir().resolve("config.yaml"))) {
            if (line.startsWith(key + ":")) {
                return line.substring(key.length() + 1).trim();
            }
        }
        return "";
    }

    private static List<String> split(String s) {
        return s.isBlank() ? List.of() : Arrays.asList(s.trim().split("\\s+"));
    }

    private List<String> runJava(List<String> args, Map<String, String> env) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ServerClasspath.javaBin());
        cmd.addAll(args);
        ProcessBuilder pb =
                new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            int rc = p.waitFor();
            if (rc != 0) {
                throw new IOException(
                        "exit "
                                + rc
                                + " from "
                                + String.join(" ", args.subList(0, Math.min(4, args.size())))
                                + "...:\n"
                                + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return out.lines().toList();
    }

    /**
     * TaskManagers registered with the JobManager and slots free, or -1 when it does not answer.
     */
    public int[] overview() {
        try {
            HttpResponse<String> r =
                    HTTP.send(
                            HttpRequest.newBuilder(URI.create(restUrl() + "/overview"))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            Matcher tm = TASK_MANAGERS.matcher(r.body());
            Matcher slots = SLOTS.matcher(r.body());
            if (r.statusCode() == 200 && tm.find() && slots.find()) {
                return new int[] {Integer.parseInt(tm.group(1)), Integer.parseInt(slots.group(1))};
            }
        } catch (IOException e) {
            // not up (yet)
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new int[] {-1, -1};
    }

    /** The body of a GET of {@code path} on the REST API; fails on any status but 2xx. */
    public String get(String path) throws IOException, InterruptedException {
        return rest("GET", path);
    }

    /** The job's status ({@code RUNNING}, {@code CANCELED}, ...), as the REST API reports it. */
    public String jobStatus(String jobId) throws IOException, InterruptedException {
        String body = get("/jobs/" + jobId + "/status");
        Matcher m = STATUS.matcher(body);
        if (!m.find()) {
            throw new IOException("no status for job " + jobId + ": " + body);
        }
        return m.group(1);
    }

    /** Cancels the job through the REST API and returns once it is {@code CANCELED}. */
    public void cancelJob(String jobId, Duration timeout) throws IOException, InterruptedException {
        rest("PATCH", "/jobs/" + jobId + "?mode=cancel");
        long deadline = System.nanoTime() + timeout.toNanos();
        String status;
        while (!(status = jobStatus(jobId)).equals("CANCELED")) {
            if (System.nanoTime() > deadline) {
                throw new IOException("job " + jobId + " still " + status + " after " + timeout);
            }
            Thread.sleep(200);
        }
    }

    private String rest(String method, String path) throws IOException, InterruptedException {
        HttpResponse<String> r =
                HTTP.send(
                        HttpRequest.newBuilder(URI.create(restUrl() + path))
                                .method(method, HttpRequest.BodyPublishers.noBody())
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IOException(method + " " + path + ": " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    /** Waits until exactly {@code n} TaskManagers are registered. */
    public void awaitTaskManagers(int n, Duration timeout) {
        Probes.await(
                "flink with " + n + " task managers at " + restUrl(),
                () -> overview()[0] == n,
                jobManager,
                timeout);
    }

    @Override
    public void close() {
        for (ServiceProcess tm : taskManagers) {
            tm.stop(Duration.ofSeconds(20));
        }
        taskManagers.clear();
        if (jobManager != null) {
            jobManager.stop(Duration.ofSeconds(20));
        }
    }
}
