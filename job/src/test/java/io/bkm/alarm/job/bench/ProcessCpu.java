package io.bkm.alarm.job.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * CPU time of other processes and of their threads, from Linux's {@code /proc}: a process's
 * seconds, and per thread the ticks of each task with the Java thread's full name where the JVM
 * gives one ({@code jcmd Thread.print}), else the kernel's 15-character name (RocksDB, GC, JIT).
 */
final class ProcessCpu {
    private static final double TICKS_PER_SECOND = 100; // USER_HZ on Linux
    private static final Pattern JAVA_THREAD = Pattern.compile("^\"(.*)\" .*nid=0x([0-9a-f]+)");

    private ProcessCpu() {}

    /** User and system CPU seconds of the process so far; 0 when it is gone. */
    static double seconds(long pid) {
        try {
            return ticks(Files.readString(Path.of("/proc", Long.toString(pid), "stat")))
                    / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The CPU seconds of each named process so far. */
    static Map<String, Double> seconds(Map<String, Long> pids) {
        Map<String, Double> out = new LinkedHashMap<>();
        pids.forEach((name, pid) -> out.put(name, seconds(pid)));
        return out;
    }

    /** Thread id → name and CPU ticks, at one moment. */
    record Threads(Map<Long, String> names, Map<Long, Long> ticks) {}

    static Threads threads(long pid) {
        Map<Long, String> names = new HashMap<>();
        Map<Long, Long> ticks = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            tasks.forEach(
                    t -> {
                        try {
                            String stat = Files.readString(t.resolve("stat"));
                            long tid = Long.parseLong(t.getFileName().toString());
                            names.put(tid, comm(stat));
                            ticks.put(tid, ticks(stat));
                        } catch (IOException | RuntimeException gone) {
                            // the thread ended while listed
                        }
                    });
        } catch (IOException e) {
            return new Threads(names, ticks);
        }
        names.putAll(javaThreadNames(pid));
        return new Threads(names, ticks);
    }

    /**
     * CPU seconds per thread group between two moments, largest first: Flink's subtask suffix and
     * pool numbers are dropped so that the subtasks of one chain and the members of a pool add up.
     */
    static Map<String, Double> perThreadGroup(Threads before, Threads after) {
        Map<String, Double> out = new TreeMap<>();
        after.ticks()
                .forEach(
                        (tid, t) -> {
                            long delta = t - before.ticks().getOrDefault(tid, 0L);
                            if (delta > 0) {
                                out.merge(
                                        group(after.names().get(tid)),
                                        delta / TICKS_PER_SECOND,
                                        Double::sum);
                            }
                        });
        Map<String, Double> sorted = new LinkedHashMap<>();
        out.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    static String group(String name) {
        if (name == null) {
            return "?";
        }
        String n = name.replaceAll(" \\(\\d+/\\d+\\)(#\\d+)?$", "");
        n = n.replaceAll("[-# ]?\\d+$", "");
        return n.length() > 120 ? n.substring(0, 117) + "..." : n;
    }

    private static Map<Long, String> javaThreadNames(long pid) {
        Map<Long, String> out = new HashMap<>();
        try {
            Process p =
                    new ProcessBuilder("jcmd", Long.toString(pid), "Thread.print")
                            .redirectErrorStream(true)
                            .start();
            String dump = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            for (String line : dump.split("\n")) {
                Matcher m = JAVA_THREAD.matcher(line);
                if (m.find()) {
                    out.put(Long.parseLong(m.group(2), 16), m.group(1));
                }
            }
        } catch (IOException e) {
            // no jcmd: kernel names only
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out;
    }

    private static String comm(String stat) {
        return stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    }

    /** utime + stime; after "pid (comm) " the state is field 0, utime 11, stime 12. */
    private static long ticks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }
}
