package io.bkm.localservices;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The standalone Flink cluster for one test JVM, like {@link TestServices}: started on first use on
 * free ports with two TaskManagers, stopped when the JVM exits.
 */
public final class TestFlinkCluster {
    public static final int TASK_MANAGERS = 2;
    private static FlinkCluster instance;

    private TestFlinkCluster() {}

    public static synchronized FlinkCluster get() {
        if (instance == null) {
            Path root = TestServices.repoRoot();
            Path dir = root.resolve("target/test-flink/run-" + ProcessHandle.current().pid());
            try {
                long t0 = System.nanoTime();
                instance =
                        FlinkCluster.start(
                                root, dir, Probes.freePort(), Probes.freePort(), TASK_MANAGERS);
                FlinkCluster started = instance;
                Runtime.getRuntime().addShutdownHook(new Thread(started::close, "stop-test-flink"));
                instance.awaitTaskManagers(TASK_MANAGERS, Duration.ofSeconds(180));
                System.out.printf(
                        "[test-flink] %s with %d task managers up in %.1f s (logs in %s)%n",
                        instance.restUrl(), TASK_MANAGERS, (System.nanoTime() - t0) / 1e9, dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }
}
