package io.bkm.localservices;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Debian's redis-server on its own port, no persistence. */
public final class RedisServer {
    private RedisServer() {}

    public static ServiceProcess start(Path dir, int port) throws IOException {
        return start(dir, port, List.of());
    }

    /**
     * @param extra more options, e.g. {@code --requirepass} for a server that wants a login
     */
    public static ServiceProcess start(Path dir, int port, List<String> extra) throws IOException {
        Files.createDirectories(dir);
        String bin = findBinary();
        List<String> cmd = new java.util.ArrayList<>();
        cmd.addAll(
                List.of(
                        bin,
                        "--port",
                        String.valueOf(port),
                        "--bind",
                        "127.0.0.1",
                        "--dir",
                        dir.toString(),
                        "--save",
                        "",
                        "--appendonly",
                        "no",
                        "--daemonize",
                        "no",
                        "--protected-mode",
                        "yes"));
        cmd.addAll(extra);
        return ServiceProcess.start("redis", cmd, dir, dir.resolve("redis.log"));
    }

    public static void awaitReady(ServiceProcess p, int port) {
        Probes.await(
                "redis on 127.0.0.1:" + port,
                () -> Probes.redisReady(port),
                p,
                Duration.ofSeconds(30));
    }

    static String findBinary() {
        for (String candidate : List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "redis-server is not installed: run scripts/prereqs.sh (apt-get install"
                        + " redis-server)");
    }
}
