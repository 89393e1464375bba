package io.bkm.alarm.job.it;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Waits for a job's first completed checkpoint where its checkpoint storage keeps it: a drill that
 * crashes a job or a service before one would test a fresh start, not a restore.
 */
final class CompletedCheckpoints {
    private CompletedCheckpoints() {}

    /** Returns once a checkpoint's metadata is written under {@code dir}; fails after a minute. */
    static void awaitOne(Path dir) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(dir)) {
                try (var files = Files.walk(dir)) {
                    if (files.anyMatch(f -> f.getFileName().toString().equals("_metadata"))) {
                        return;
                    }
                } catch (UncheckedIOException | NoSuchFileException subsumed) {
                    // a checkpoint's folder removed under the walk, when a newer one completed
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no checkpoint completed in " + dir + " within a minute");
    }
}
