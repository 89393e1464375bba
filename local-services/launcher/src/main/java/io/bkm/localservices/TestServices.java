package io.bkm.localservices;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The services for one test JVM: started on first use on free ports, stopped when the JVM exits.
 * Integration tests share them and keep apart by topic and index names.
 */
public final class TestServices {
    private static LocalServices instance;

    private TestServices() {}

    public static synchronized LocalServices get() {
        if (instance == null) {
            Path root = repoRoot();
            Path dir = root.resolve("target/test-services/run-" + ProcessHandle.current().pid());
            try {
                Files.createDirectories(dir);
                long t0 = System.nanoTime();
                instance = LocalServices.start(root, dir, LocalServices.Ports.free());
                System.out.printf(
                        "[test-services] kafka %s, elasticsearch %s, redis %d up in %.1f s (logs in"
                                + " %s)%n",
                        instance.kafkaBootstrap(),
                        instance.elasticsearchUrl(),
                        instance.redisPort(),
                        (System.nanoTime() - t0) / 1e9,
                        dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            LocalServices started = instance;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "stop-test-services"));
        }
        return instance;
    }

    /** Set by the build (failsafe); falls back to walking up from the working directory. */
    public static Path repoRoot() {
        String prop = System.getProperty("bkm.repo.root");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("local-services"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find the repository root; set -Dbkm.repo.root");
        }
        return p;
    }
}
