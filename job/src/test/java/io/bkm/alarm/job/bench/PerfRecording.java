package io.bkm.alarm.job.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Linux {@code perf} sampling the job's process over the throughput window, on the CPU clock: every
 * thread and every kind of code, where Flight Recorder sees Java frames only (not the JIT
 * compilers, the collector, RocksDB's native code or the kernel). Its report says which library and
 * which thread the job's CPU went to; the file stays for {@code perf report} by symbol once the job
 * has exited and written its map of compiled code.
 */
final class PerfRecording {
    private final Path file;
    private final Process perf;

    private PerfRecording(Path file, Process perf) {
        this.file = file;
        this.perf = perf;
    }

    static PerfRecording start(long pid, Path file) throws IOException {
        Process p =
                new ProcessBuilder(
                                "perf",
                                "record",
                                "-e",
                                "cpu-clock",
                                "-F",
                                "97",
                                "-g",
                                "-p",
                                Long.toString(pid),
                                "-o",
                                file.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(file.resolveSibling(file.getFileName() + ".log").toFile())
                        .start();
        return new PerfRecording(file, p);
    }

    /** Stops the recording and returns the report's top lines, by library and by thread. */
    List<String> stop() throws Exception {
        // perf record writes its file on SIGTERM as on Ctrl-C, and exits with the signal's status
        perf.destroy();
        // a perf that could not attach exits at once and writes no file: its log says why
        if (!perf.waitFor(60, TimeUnit.SECONDS) || !Files.exists(file) || Files.size(file) == 0) {
            perf.destroyForcibly();
            throw new IllegalStateException(
                    "perf record did not end cleanly; see " + file + ".log");
        }
        List<String> out = new ArrayList<>();
        out.add("by library:");
        out.addAll(report("dso", 8));
        out.add("by thread and library:");
        out.addAll(report("comm,dso", 20));
        out.add("by symbol, after the job has exited: perf report -i " + file);
        return out;
    }

    private List<String> report(String sort, int lines) throws Exception {
        Process p =
                new ProcessBuilder(
                                "perf",
                                "report",
                                "-i",
                                file.toString(),
                                "--stdio",
                                "--no-children",
                                "-g",
                                "none",
                                "--sort",
                                sort)
                        .redirectErrorStream(true)
                        .start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        List<String> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#") && out.size() < lines) {
                out.add("  " + line.strip());
            }
        }
        return out;
    }
}
