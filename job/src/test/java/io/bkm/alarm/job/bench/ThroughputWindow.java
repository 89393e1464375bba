package io.bkm.alarm.job.bench;

import static io.bkm.alarm.job.bench.BenchVerdict.say;
import static io.bkm.alarm.job.bench.E2eIndices.ACTIONS;
import static io.bkm.alarm.job.bench.E2eIndices.ALERTS;
import static io.bkm.alarm.job.bench.E2eIndices.EVENTS;
import static io.bkm.alarm.job.bench.E2eIndices.LOGS;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The end-to-end run's throughput: the window from the job's first output to its last, what each
 * process and each of the job's thread groups spent in it and in its second half, and what the job
 * asked of Elasticsearch.
 */
final class ThroughputWindow {
    /** Where perf records the job over the window; none unless asked for. */
    private static final String PERF_FILE = System.getProperty("bench.perf");

    private final BenchElasticsearch es;
    private final E2eWorkload work;
    private final long jobPid;
    private final Map<String, Long> servicePids;
    private final BenchVerdict verdict;

    ThroughputWindow(
            BenchElasticsearch es,
            E2eWorkload work,
            long jobPid,
            Map<String, Long> servicePids,
            BenchVerdict verdict) {
        this.es = es;
        this.work = work;
        this.jobPid = jobPid;
        this.servicePids = servicePids;
        this.verdict = verdict;
    }

    /** The window from the first output to the last, and what each process spent in it. */
    record Throughput(
            double seconds,
            double eventsPerSecond,
            Map<String, Double> processCpu,
            Map<String, Double> threadCpu,
            Map<String, Long> indexOps) {}

    /**
     * Waits for every event document and alert count, watching from the first output to the last;
     * null, with a failed check, when the outputs stop short.
     */
    Throughput measure() throws Exception {
        int docs = work.eventDocuments();
        PerfRecording perf = null;
        say("waiting for %,d event documents and alerts counting as many events ...", docs);
        Map<String, Long> pids = new LinkedHashMap<>();
        pids.put("job", jobPid);
        pids.putAll(servicePids);
        long firstAt = 0;
        long lastChange = System.nanoTime();
        Map<String, Double> cpuAtFirst = null;
        ProcessCpu.Threads threadsAtFirst = null;
        // the second half: the JIT has done most of its work and the alerts exist
        long halfAt = 0;
        long docsAtHalf = 0;
        Map<String, Double> cpuAtHalf = null;
        ProcessCpu.Threads threadsAtHalf = null;
        long seenDocs = -1;
        long seenSum = -1;
        long sumAt = 0;
        long lastPrint = 0;
        Map<String, Double> cpuAtPrint = ProcessCpu.seconds(pids);
        while (true) {
            long events;
            long sum;
            try {
                events = es.count(EVENTS, null);
                // the sum reads every alert: between the first output and the last event document
                // it is asked every few seconds, so that watching costs Elasticsearch less while
                // both ends of the window are still timed to half a second
                if (firstAt == 0 || events >= docs || System.nanoTime() - sumAt > 5e9) {
                    sum = es.sum(ALERTS, "event_count");
                    sumAt = System.nanoTime();
                } else {
                    sum = seenSum;
                }
            } catch (java.io.IOException indexStarting) {
                // a new daily index whose shard is not yet active answers 503
                events = seenDocs;
                sum = seenSum;
            }
            long now = System.nanoTime();
            if (firstAt == 0 && events + sum > 0) {
                firstAt = now;
                cpuAtFirst = ProcessCpu.seconds(pids);
                threadsAtFirst = ProcessCpu.threads(jobPid);
                if (PERF_FILE != null) {
                    perf = PerfRecording.start(jobPid, Path.of(PERF_FILE));
                }
            }
            if (halfAt == 0 && events >= docs / 2) {
                halfAt = now;
                docsAtHalf = events;
                cpuAtHalf = ProcessCpu.seconds(pids);
                threadsAtHalf = ProcessCpu.threads(jobPid);
            }
            if (events != seenDocs || sum != seenSum) {
                seenDocs = events;
                seenSum = sum;
                lastChange = now;
            }
            if (events == docs && sum == docs) {
                break;
            }
            if (now - lastPrint > 10e9) {
                Map<String, Double> cpuNow = ProcessCpu.seconds(pids);
                double seconds = (now - lastPrint) / 1e9;
                say(
                        "  %,d event documents, alerts count %,d events%s",
                        events,
                        sum,
                        lastPrint == 0 ? "" : cores(minus(cpuNow, cpuAtPrint), seconds));
                lastPrint = now;
                cpuAtPrint = cpuNow;
            }
            if (now - lastChange > 120e9
                    || !ProcessHandle.of(jobPid).map(ProcessHandle::isAlive).orElse(false)) {
                verdict.fail(
                        "outputs stopped short: %,d of %,d event documents, alerts count %,d"
                                + " events (job alive: %s)",
                        events, docs, sum, ProcessHandle.of(jobPid).isPresent());
                return null;
            }
            // often enough to time a run of minutes closely; each look costs Elasticsearch too
            Thread.sleep(500);
        }
        long lastAt = System.nanoTime();
        Map<String, Double> cpuAtLast = ProcessCpu.seconds(pids);
        Map<String, Double> cpu = minus(cpuAtLast, cpuAtFirst);
        ProcessCpu.Threads threadsAtLast = ProcessCpu.threads(jobPid);
        List<String> perfReport = perf == null ? List.of() : perf.stop();
        Map<String, Double> threads = ProcessCpu.perThreadGroup(threadsAtFirst, threadsAtLast);
        Map<String, Double> halfThreads = ProcessCpu.perThreadGroup(threadsAtHalf, threadsAtLast);
        // what the job asked of Elasticsearch for these events, before any later phase adds to it
        Map<String, Long> ops = new LinkedHashMap<>();
        for (String family : List.of(EVENTS, LOGS, ALERTS, ACTIONS)) {
            ops.put(family, es.indexOps(family));
        }
        double seconds = (lastAt - firstAt) / 1e9;
        double eventsPerSecond = work.total() / seconds;
        say("");
        say(
                "THROUGHPUT: %,d events in %.1f s from the first output to the last: %,.0f"
                        + " events/s",
                work.total(), seconds, eventsPerSecond);
        say("CPU seconds in that window (µs per event):");
        cpu.forEach(
                (name, s) ->
                        say(
                                "  %-14s %7.1f s  %6.0f µs  (%.2f cores)",
                                name, s, s * 1e6 / work.total(), s / seconds));
        // input events the second half stands for, in proportion to the event documents
        double halfEvents = (double) (docs - docsAtHalf) * work.total() / docs;
        double halfSeconds = (lastAt - halfAt) / 1e9;
        Map<String, Double> halfCpu = minus(cpuAtLast, cpuAtHalf);
        say(
                "SECOND HALF (%,.0f events, %.1f s): %,.0f events/s; µs per event: %s",
                halfEvents,
                halfSeconds,
                halfEvents / halfSeconds,
                String.join(
                        ", ",
                        halfCpu.entrySet().stream()
                                .map(
                                        e ->
                                                String.format(
                                                        "%s %.0f",
                                                        e.getKey(),
                                                        e.getValue() * 1e6 / halfEvents))
                                .toList()));
        ThreadTable.lines(
                        threads,
                        halfThreads,
                        cpu.get("job"),
                        halfCpu.get("job"),
                        work.total(),
                        halfEvents)
                .forEach(BenchVerdict::say);
        if (perf != null) {
            say("the job's CPU in that window as perf sampled it (share of its samples):");
            perfReport.forEach(BenchVerdict::say);
        }
        return new Throughput(seconds, eventsPerSecond, cpu, threads, ops);
    }

    /** "; cores: job 0.95, elasticsearch 0.85, ..." over {@code seconds}. */
    private static String cores(Map<String, Double> cpu, double seconds) {
        StringBuilder b = new StringBuilder("; cores:");
        cpu.forEach((name, s) -> b.append(String.format(" %s %.2f", name, s / seconds)));
        return b.toString();
    }

    private static Map<String, Double> minus(Map<String, Double> a, Map<String, Double> b) {
        Map<String, Double> out = new LinkedHashMap<>();
        a.forEach((k, v) -> out.put(k, v - b.getOrDefault(k, 0.0)));
        return out;
    }
}
