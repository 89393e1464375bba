package io.bkm.localservices;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The local Flink cluster of {@code scripts/local-env.sh up --flink}: REST on 127.0.0.1:18081
 * ({@code BKM_FLINK_PORT}), JobManager RPC on 16123, two TaskManagers of two slots; state,
 * checkpoints, savepoints and logs under {@code .local/services/flink}, pids beside them.
 */
final class LocalFlink {
    static final int TASK_MANAGERS = 2;

    private LocalFlink() {}

    static void up(Path root, Path servicesDir, int restPort) throws IOException {
        Path dir = servicesDir.resolve("flink");
        if (pids(servicesDir).stream().anyMatch(ServiceProcess::isAlive)) {
            System.out.printf("%-13s already running on %s%n", "flink", url(restPort));
            return;
        }
        FlinkCluster c = FlinkCluster.start(root, dir, restPort, restPort - 1958, TASK_MANAGERS);
        List<ServiceProcess> all = new ArrayList<>();
        all.add(c.jobManager());
        all.addAll(c.taskManagers());
        for (ServiceProcess p : all) {
            Files.writeString(
                    servicesDir.resolve("flink-" + p.name() + ".pid"), Long.toString(p.pid()));
        }
        System.out.printf("waiting for flink on %s ...%n", url(restPort));
        c.awaitTaskManagers(TASK_MANAGERS, Duration.ofSeconds(180));
        System.out.printf(
                "up: flink %s (%d task managers), logs %s/*.log; run the job with"
                        + " scripts/flink.sh run -d job/target/bkm-alarm-job.jar --config"
                        + " conf/job.yaml%n",
                url(restPort), TASK_MANAGERS, dir);
    }

    static void down(Path servicesDir) throws IOException {
        for (ServiceProcess p : pids(servicesDir)) {
            p.stop(Duration.ofSeconds(30));
            Files.deleteIfExists(servicesDir.resolve("flink-" + p.name() + ".pid"));
            System.out.printf("%-13s stopped (pid %d)%n", "flink " + p.name(), p.pid());
        }
    }

    /** False when a cluster was started and one of its processes is gone. */
    static boolean status(Path servicesDir, int restPort) throws IOException {
        List<ServiceProcess> ps = pids(servicesDir);
        if (ps.isEmpty()) {
            return true;
        }
        boolean up = ps.stream().allMatch(ServiceProcess::isAlive);
        System.out.printf("%-13s %-8s %s%n", "flink", up ? "up" : "down", url(restPort));
        return up;
    }

    private static List<ServiceProcess> pids(Path servicesDir) throws IOException {
        List<ServiceProcess> out = new ArrayList<>();
        if (!Files.isDirectory(servicesDir)) {
            return out;
        }
        try (var files = Files.list(servicesDir)) {
            for (Path f : files.sorted().toList()) {
                String n = f.getFileName().toString();
                if (n.startsWith("flink-") && n.endsWith(".pid")) {
                    String name = n.substring(6, n.length() - 4);
                    long pid = Long.parseLong(Files.readString(f).trim());
                    out.add(
                            new ServiceProcess(
                                    name, pid, servicesDir.resolve("flink/" + name + ".log")));
                }
            }
        }
        return out;
    }

    private static String url(int restPort) {
        return "http://127.0.0.1:" + restPort;
    }
}
