package io.bkm.alarm.job.bench;

import static io.bkm.alarm.job.bench.BenchVerdict.say;
import static io.bkm.alarm.job.bench.E2eIndices.ACTIONS;
import static io.bkm.alarm.job.bench.E2eIndices.ALERTS;

import com.fasterxml.jackson.databind.JsonNode;
import io.bkm.alarm.cmdb.CmdbKeys;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.demo.SeedCmdb;
import io.bkm.alarm.job.tools.CreateTopics;
import io.bkm.localservices.LocalServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import redis.clients.jedis.Jedis;

/**
 * {@code scripts/bench.sh e2e}: the whole job as a user runs it ({@code scripts/run-local.sh} with
 * the shipped {@code conf/job.yaml}) on a fresh local stack (Elasticsearch warmed up), over a
 * preloaded backlog of {@link E2eWorkload}. Prints events per second from the first output to the
 * last, what each process and each of the job's threads spent, time to page at half that rate and
 * when idle, what Elasticsearch alone does with the same documents, and the same alerts through
 * Alertmanager; and fails when an output is missing or wrong, so a fast wrong run cannot pass.
 */
public final class E2eBenchmark {
    /** Documents indexed to warm Elasticsearch up before the job starts. */
    private static final int WARM_UP_DOCUMENTS = 300_000;

    private final Path root;
    private final Path dir;
    private final E2eWorkload work;
    private final BenchVerdict verdict = new BenchVerdict();
    private LocalServices svc;
    private BenchElasticsearch es;
    private BenchKafka kafka;
    private BenchJob job;
    private long jobPid;
    private double eventsPerSecond;

    private E2eBenchmark(Path root, int events) {
        this.root = root;
        this.dir = root.resolve("target/bench/e2e");
        long now = System.currentTimeMillis() / 1000;
        this.work = new E2eWorkload("b" + now, now, events);
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]).toAbsolutePath();
        int events = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        E2eBenchmark b = new E2eBenchmark(root, events);
        // interrupted (Ctrl-C, kill), the services and the job still stop
        Thread stopper = new Thread(b::stop, "e2e-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        int rc = b.run();
        System.exit(rc);
    }

    private int run() throws Exception {
        deleteTree(dir);
        Files.createDirectories(dir);
        say(
                "machine: %d cores, %s; %s",
                Runtime.getRuntime().availableProcessors(), cpuModel(), LocalDate.now());
        say("starting Kafka, Elasticsearch and Redis (fresh, under %s) ...", dir);
        svc = LocalServices.start(root, dir.resolve("services"), LocalServices.Ports.free());
        job = new BenchJob(root, dir.resolve("job"), svc);
        es = new BenchElasticsearch(svc.elasticsearchUrl());
        kafka = new BenchKafka(svc.kafkaBootstrap());
        CreateTopics.main(jobArgs().toArray(new String[0]));
        seedCmdbAndStrategies();
        preload();
        warmUpElasticsearch();

        job.start();
        jobPid = job.pid();
        ThroughputWindow.Throughput t =
                new ThroughputWindow(es, work, jobPid, svc.pids(), verdict).measure();
        new E2eOutputCheck(es, kafka, svc.redisPort(), work, verdict).run();
        printCounters();
        if (t == null) {
            return verdict.report();
        }
        eventsPerSecond = t.eventsPerSecond();
        // a fixed pace compares builds under the same load; by default half of this run's rate
        int pace = Integer.getInteger("bench.pace", (int) Math.max(1, eventsPerSecond / 2));
        latency(
                System.getProperty("bench.pace") == null ? "paced at half that rate" : "paced",
                pace,
                60,
                2);
        latency("idle", 0, 8, 1);
        job.stop();
        ceiling(t);
        alertmanager();
        return verdict.report();
    }

    // ---- set-up ------------------------------------------------------------------------------

    private List<String> jobArgs() {
        return BenchJob.args(root, svc);
    }

    private void seedCmdbAndStrategies() throws Exception {
        try (Jedis j = new Jedis("127.0.0.1", svc.redisPort())) {
            SeedCmdb.write(j, new CmdbKeys("bkm.cache.cmdb"), work.seededHosts());
        }
        try (KafkaProducer<String, String> p = kafka.producer(0)) {
            for (String f : List.of("custom-event-strategy.json", "timeseries-strategy.json")) {
                JsonNode s =
                        Json.MAPPER.readTree(root.resolve("conf/examples").resolve(f).toFile());
                p.send(
                        new ProducerRecord<>(
                                "bkm_config", "strategy:" + s.path("id").asLong(), Json.write(s)));
            }
        }
    }

    private void preload() throws Exception {
        long start = System.nanoTime();
        // custom events and points each on one partition, read by different subtasks, so neither
        // report stream is behind the watermark of its reader (see E2eWorkload)
        int customPartition = partitionOwnedBy("bkm_custom_event", 0);
        int pointPartition = partitionOwnedBy("bkm_timeseries", 1);
        AtomicLong bytes = new AtomicLong();
        try (KafkaProducer<String, String> p = kafka.producer(20)) {
            work.forEach(
                    in -> {
                        String topic =
                                switch (in.kind()) {
                                    case FTA -> "bkm_fta_event";
                                    case GSE -> "bkm_gse_system_event";
                                    case CUSTOM -> "bkm_custom_event";
                                    case POINT -> "bkm_timeseries";
                                };
                        Integer partition =
                                switch (in.kind()) {
                                    case CUSTOM -> customPartition;
                                    case POINT -> pointPartition;
                                    default -> null;
                                };
                        bytes.addAndGet(in.value().length());
                        p.send(
                                new ProducerRecord<>(
                                        topic, partition, in.timestampMs(), in.key(), in.value()));
                    });
            p.flush();
        }
        say(
                "preloaded %,d events (%,d third-party over %,d fingerprints, %,d GSE alarms, %,d"
                        + " custom events, %,d time-series points; %,d MB) in %.1f s",
                work.total(),
                work.fta,
                E2eWorkload.FINGERPRINTS,
                work.gse,
                work.custom,
                work.points,
                bytes.get() >> 20,
                (System.nanoTime() - start) / 1e9);
    }

    /**
     * Indexes documents into a scratch index and deletes it, so that the job meets an Elasticsearch
     * whose JIT has compiled its indexing path, as a long-running cluster's has, and as the ceiling
     * measured after the job meets it. The job itself starts cold.
     */
    private void warmUpElasticsearch() throws Exception {
        int n = Math.min(WARM_UP_DOCUMENTS, work.fta);
        List<String> lines = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            lines.add(
                    "{\"create\":{\"_index\":\"bench_warm_up\",\"_id\":\"w"
                            + i
                            + "\"}}\n"
                            + work.ftaEvent(i).value()
                            + "\n");
        }
        double seconds = ElasticsearchCeiling.load(es, lines);
        es.call("DELETE", "/bench_warm_up", null);
        say("warmed Elasticsearch up: %,d documents into a scratch index in %.1f s", n, seconds);
    }

    /**
     * The partition of {@code topic} that the Kafka source gives to subtask {@code reader} of two,
     * by the connector's rule (the topic's start index, then round robin).
     */
    private static int partitionOwnedBy(String topic, int reader) {
        int readers = 2;
        int start = ((topic.hashCode() * 31) & 0x7FFFFFFF) % readers;
        return Math.floorMod(reader - start, readers);
    }

    // ---- the job -----------------------------------------------------------------------------

    private synchronized void stop() {
        if (svc == null) {
            return;
        }
        if (Boolean.getBoolean("bench.keep")) {
            say(
                    "kept running (-Dbench.keep): kafka %s, elasticsearch %s, redis %d, job pid %d",
                    svc.kafkaBootstrap(), svc.elasticsearchUrl(), svc.redisPort(), jobPid);
            return;
        }
        if (job != null) {
            job.kill();
        }
        svc.close();
        svc = null;
    }

    // ---- the job's counters ------------------------------------------------------------------

    private void printCounters() throws InterruptedException {
        say("the job's counters:");
        Map<String, Long> counters = JobCounters.read(dir.resolve("job/job.log"));
        counters.forEach((name, value) -> say("  %,12d  %s", value, name));
        // a zero counter is not listed: these are said either way
        if (counters.keySet().stream().anyMatch(k -> k.startsWith("(counters unavailable"))) {
            say("NOTICES DECIDED OUT OF TURN: unknown, the counters could not be read");
        } else {
            say(
                    "NOTICES DECIDED ON ARRIVAL (convergence.late; a replay may decide them"
                            + " otherwise): %,d",
                    sum(counters, ".convergence.late"));
            say(
                    "NOTICES DECIDED BEFORE THE WATERMARK PASSED THEM (convergence.early: their"
                            + " window was released first; a replay may decide them otherwise):"
                            + " %,d",
                    sum(counters, ".convergence.early"));
        }
    }

    private static long sum(Map<String, Long> counters, String suffix) {
        return counters.entrySet().stream()
                .filter(e -> e.getKey().endsWith(suffix))
                .mapToLong(Map.Entry::getValue)
                .sum();
    }

    // ---- time to page ------------------------------------------------------------------------

    /**
     * Probes sent while a paced load of {@code rate} third-party events a second (over the
     * benchmark's fingerprints, at the time they are sent) runs for {@code seconds}.
     */
    private void latency(String mode, int rate, int seconds, int probesPerSecond) throws Exception {
        say("");
        say(
                "TIME TO PAGE, %s (%,d events/s for %d s, %d probes/s) ...",
                mode, rate, seconds, probesPerSecond);
        String prefix = work.run + "-probe-" + mode.charAt(0) + "-";
        try (LatencyProbes probes =
                        new LatencyProbes(
                                prefix, "bkm_fta_event", ALERTS, "bkm_action", es, kafka);
                KafkaProducer<String, String> load = kafka.producer(5)) {
            WriteQueueWatch queue = new WriteQueueWatch(es);
            long start = System.nanoTime();
            long sent = 0;
            long nextProbe = start;
            while (System.nanoTime() - start < seconds * 1_000_000_000L) {
                long due = (long) ((System.nanoTime() - start) / 1e9 * rate);
                long now = System.currentTimeMillis();
                for (; sent < due; sent++) {
                    int f = (int) (sent % E2eWorkload.FINGERPRINTS);
                    E2eWorkload.Input in =
                            work.ftaEvent(
                                    work.run + "-" + mode.charAt(0) + "-" + sent,
                                    f,
                                    false,
                                    now / 1000,
                                    "paced");
                    load.send(
                            new ProducerRecord<>("bkm_fta_event", null, now, in.key(), in.value()));
                }
                if (System.nanoTime() >= nextProbe) {
                    probes.send();
                    nextProbe += 1_000_000_000L / probesPerSecond;
                }
                Thread.sleep(5);
            }
            load.flush();
            boolean all = probes.awaitAll(Duration.ofSeconds(300));
            say("  %s", queue.stop());
            List<Long> doc = probes.toDocument();
            List<Long> notice = probes.toNotice();
            say("  %d probes; event → alert document: %s", probes.sentCount(), quantiles(doc));
            say(
                    "  %d probes; event → first notice on bkm_action: %s",
                    probes.sentCount(), quantiles(notice));
            if (!all) {
                verdict.fail(
                        "%s: of %d probes, %d documents and %d notices arrived within 300 s",
                        mode, probes.sentCount(), doc.size(), notice.size());
            }
        }
    }

    private static String quantiles(List<Long> sorted) {
        if (sorted.isEmpty()) {
            return "none";
        }
        return String.format(
                "p50 %.2f s, p99 %.2f s, max %.2f s",
                at(sorted, 0.5) / 1000.0,
                at(sorted, 0.99) / 1000.0,
                sorted.get(sorted.size() - 1) / 1000.0);
    }

    private static long at(List<Long> sorted, double q) {
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(q * sorted.size()) - 1));
    }

    // ---- Elasticsearch alone, and Alertmanager ----------------------------------------------

    private void ceiling(ThroughputWindow.Throughput t) throws Exception {
        say("");
        say("ELASTICSEARCH ALONE with the documents the job wrote ...");
        List<ElasticsearchCeiling.Family> families = new ArrayList<>();
        long ops = 0;
        for (Map.Entry<String, Long> f : t.indexOps().entrySet()) {
            ops += f.getValue();
            say("  the job indexed %,10d documents into %s", f.getValue(), f.getKey());
            boolean versioned = f.getKey().equals(ALERTS) || f.getKey().equals(ACTIONS);
            families.add(new ElasticsearchCeiling.Family(f.getKey(), versioned, f.getValue()));
        }
        double perEvent = (double) ops / work.total();
        say("  %.2f documents written per event", perEvent);
        ElasticsearchCeiling.Result r = new ElasticsearchCeiling(es).measure(families);
        double ceiling = r.perSecond() / perEvent;
        say(
                "  Elasticsearch alone: %,d documents in %.1f s: %,.0f documents/s = %,.0f"
                        + " events/s",
                r.operations(), r.seconds(), r.perSecond(), ceiling);
        say(
                "CEILING RATIO: the job's %,.0f events/s is %.2f of Elasticsearch's %,.0f (target"
                        + " 0.7)",
                eventsPerSecond, eventsPerSecond / ceiling, ceiling);
        double jobCpu = t.processCpu().get("job");
        say(
                "JOB CPU: %.0f µs per event (target 50), %,.0f events/s per core",
                jobCpu * 1e6 / work.total(), work.total() / jobCpu);
    }

    private void alertmanager() throws Exception {
        say("");
        double am = AlertmanagerRun.alertsPerSecond(work, dir.resolve("alertmanager"));
        if (am < 0) {
            say("Alertmanager is not installed (%s): skipped", AlertmanagerRun.BINARY);
            return;
        }
        say(
                "ALERTMANAGER: the %,d third-party events as alerts (batches of 100, 4 clients,"
                        + " in memory): %,.0f alerts/s; the job's end-to-end rate is %.2f of it",
                work.fta, am, eventsPerSecond / am);
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .orElse("?");
        } catch (Exception e) {
            return "?";
        }
    }

    static void deleteTree(Path p) throws Exception {
        if (!Files.exists(p)) {
            return;
        }
        try (var walk = Files.walk(p)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
