package io.bkm.localservices;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * {@code scripts/local-env.sh up [--flink]|down|status}: the services on fixed ports for a
 * developer's shell, and with {@code --flink} a standalone Flink cluster ({@link LocalFlink}).
 * {@code up} is idempotent; {@code down} stops only the processes {@code up} started, found through
 * their pid files.
 */
public final class LocalEnvCli {
    private LocalEnvCli() {}

    public static void main(String[] args) throws IOException {
        boolean withFlink = args.length == 3 && args[2].equals("--flink") && args[0].equals("up");
        if ((args.length != 2 && !withFlink)
                || !Map.of("up", 1, "down", 1, "status", 1).containsKey(args[0])) {
            System.err.println("usage: LocalEnvCli up [--flink]|down|status <repo-root>");
            System.exit(2);
        }
        Path root = Path.of(args[1]).toAbsolutePath().normalize();
        Path dir = root.resolve(".local/services");
        Files.createDirectories(dir);
        int kafkaPort = envPort("BKM_KAFKA_PORT", 19092);
        int esPort = envPort("BKM_ES_PORT", 19200);
        int redisPort = envPort("BKM_REDIS_PORT", 16379);
        int flinkPort = envPort("BKM_FLINK_PORT", 18081);

        Map<String, IntPredicate> probes = new LinkedHashMap<>();
        probes.put("redis", Probes::redisReady);
        probes.put("kafka", Probes::tcpOpen);
        probes.put("elasticsearch", Probes::elasticsearchReady);
        Map<String, Integer> portOf =
                Map.of("redis", redisPort, "kafka", kafkaPort, "elasticsearch", esPort);

        switch (args[0]) {
            case "up" -> {
                for (String name : probes.keySet()) {
                    int port = portOf.get(name);
                    Long pid = readPid(dir, name);
                    boolean ours =
                            pid != null
                                    && ProcessHandle.of(pid)
                                            .map(ProcessHandle::isAlive)
                                            .orElse(false);
                    if (ours || probes.get(name).test(port)) {
                        System.out.printf("%-13s already running on 127.0.0.1:%d%n", name, port);
                        continue;
                    }
                    Path sdir = dir.resolve(name);
                    ServiceProcess p =
                            switch (name) {
                                case "redis" -> RedisServer.start(sdir, port);
                                case "kafka" ->
                                        KafkaServer.start(
                                                root, sdir, port, kafkaPort + 1, kafkaPort + 2);
                                default ->
                                        ElasticsearchServer.start(root, sdir, port, esPort + 100);
                            };
                    Files.writeString(dir.resolve(name + ".pid"), Long.toString(p.pid()));
                    System.out.printf("%-13s starting (pid %d), log %s%n", name, p.pid(), p.log());
                }
                for (String name : probes.keySet()) {
                    int port = portOf.get(name);
                    Long pid = readPid(dir, name);
                    ServiceProcess p =
                            pid == null
                                    ? null
                                    : new ServiceProcess(
                                            name, pid, dir.resolve(name).resolve(name + ".log"));
                    System.out.printf("waiting for %s on 127.0.0.1:%d ...%n", name, port);
                    Probes.await(
                            name, () -> probes.get(name).test(port), p, Duration.ofSeconds(180));
                }
                System.out.printf(
                        "up: kafka 127.0.0.1:%d  elasticsearch http://127.0.0.1:%d  redis"
                                + " 127.0.0.1:%d%nlogs: %s/{kafka,elasticsearch,redis}/*.log%n",
                        kafkaPort, esPort, redisPort, dir);
                if (withFlink) {
                    LocalFlink.up(root, dir, flinkPort);
                }
            }
            case "down" -> {
                LocalFlink.down(dir);
                for (String name : probes.keySet()) {
                    Long pid = readPid(dir, name);
                    if (pid == null) {
                        System.out.printf("%-13s not started by local-env%n", name);
                        continue;
                    }
                    new ServiceProcess(name, pid, dir.resolve(name + ".log"))
                            .stop(Duration.ofSeconds(30));
                    Files.deleteIfExists(dir.resolve(name + ".pid"));
                    System.out.printf("%-13s stopped (pid %d)%n", name, pid);
                }
            }
            default -> {
                boolean allUp = true;
                for (String name : probes.keySet()) {
                    int port = portOf.get(name);
                    boolean answers = probes.get(name).test(port);
                    allUp &= answers;
                    Long pid = readPid(dir, name);
                    System.out.printf(
                            "%-13s %-8s 127.0.0.1:%d%s%n",
                            name,
                            answers ? "up" : "down",
                            port,
                            pid == null ? "" : " (pid " + pid + ")");
                }
                allUp &= LocalFlink.status(dir, flinkPort);
                System.exit(allUp ? 0 : 1);
            }
        }
    }

    private static Long readPid(Path dir, String name) throws IOException {
        Path f = dir.resolve(name + ".pid");
        if (!Files.exists(f)) {
            return null;
        }
        return Long.parseLong(Files.readString(f).trim());
    }

    private static int envPort(String name, int dflt) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a port number, got '" + v + "'");
        }
    }
}
