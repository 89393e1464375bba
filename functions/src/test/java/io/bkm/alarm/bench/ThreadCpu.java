package io.bkm.alarm.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * CPU seconds per thread name of this process, from Linux's {@code /proc/self/task}: unlike JFR or
 * ThreadMXBean it also sees the JIT compiler and RocksDB's native flush and compaction threads,
 * which share the one core with the operator. Threads that end are kept at their last reading, so
 * it samples every 200 ms while the benchmark runs. Empty where there is no {@code /proc}.
 */
final class ThreadCpu {
    private static final Path TASKS = Path.of("/proc/self/task");
    private static final double TICKS_PER_SECOND = 100; // USER_HZ on Linux

    private final Map<String, Long> lastTicks = new ConcurrentHashMap<>();
    private final Thread sampler;
    private volatile boolean running = true;

    private ThreadCpu() {
        sampler = new Thread(this::sampleUntilStopped, "thread-cpu-sampler");
        sampler.setDaemon(true);
    }

    static ThreadCpu start() {
        ThreadCpu t = new ThreadCpu();
        t.sampler.start();
        return t;
    }

    /** Seconds of CPU per thread name (threads of one name, such as pool members, summed). */
    Map<String, Double> stop() throws InterruptedException {
        running = false;
        sampler.join();
        sample();
        Map<String, Double> byName = new TreeMap<>();
        lastTicks.forEach(
                (tidAndName, ticks) ->
                        byName.merge(name(tidAndName), ticks / TICKS_PER_SECOND, Double::sum));
        return byName;
    }

    private void sampleUntilStopped() {
        while (running) {
            sample();
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sample() {
        if (!Files.isDirectory(TASKS)) {
            return;
        }
        try (Stream<Path> tasks = Files.list(TASKS)) {
            tasks.forEach(this::read);
        } catch (IOException | RuntimeException e) {
            // a task that ended while listed: the next sample has the rest
        }
    }

    private void read(Path task) {
        try {
            String stat = Files.readString(task.resolve("stat"));
            int open = stat.indexOf('(');
            int close = stat.lastIndexOf(')');
            String comm = stat.substring(open + 1, close);
            // after "pid (comm) ": state is field 0, utime field 11, stime field 12
            String[] f = stat.substring(close + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            lastTicks.put(task.getFileName() + "/" + group(comm), ticks);
        } catch (IOException | RuntimeException e) {
            // the thread ended between listing and reading
        }
    }

    /** Pool members (C2 CompilerThre0, rocksdb:low1, GC Thread#3) under one name. */
    private static String group(String comm) {
        return comm.replaceAll("[#]?[0-9]+$", "").trim();
    }

    private static String name(String tidAndName) {
        return tidAndName.substring(tidAndName.indexOf('/') + 1);
    }
}
