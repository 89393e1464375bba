package io.bkm.alarm.job.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.bkm.alarm.cmdb.CmdbKeys;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.demo.SeedCmdb;
import io.bkm.alarm.job.it.ApmDiscoveryIT;
import io.bkm.alarm.job.tools.CreateTopics;
import io.bkm.localservices.LocalServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import redis.clients.jedis.Jedis;

/**
 * {@code scripts/bench.sh apm}: APM discovery as a user runs the job ({@code scripts/run-local.sh},
 * shipped {@code conf/job.yaml}) on a fresh local stack, over a preloaded backlog of trace batches
 * of two applications: every service's entities are created by its first traces and only seen again
 * after (inside the touch interval, so they cost no state write and no output). Batch times advance
 * as a collector at the target rate would stamp them. The last batch of each partition shows a
 * service of its own: when its entities are out, the partition has been read. Prints spans per
 * second from the first output to the last and CPU per span of each process; fails when the changes
 * or documents are not exactly the entities the spans show.
 */
public final class ApmBenchmark {
    private static final String DISCOVER = "bkm_apm_discover";
    private static final long[] APPS = {1_700_001, 1_700_002};
    private static final int SERVICES = 200;
    private static final int TRACES_PER_BATCH = 33;
    private static final int SPANS_PER_TRACE = 3;
    private static final int PARTITIONS = 4;

    /**
     * Entities one service's traces show: 3 endpoints, root, host, 2 instances, 2 nodes, 2 edges.
     */
    private static final int PER_SERVICE = 11;

    /**
     * The payment gateway's endpoint, node and remote caller, shared by an application's services.
     */
    private static final int SHARED = 3;

    private final Path root;
    private final Path dir;
    private final int spans;
    private final BenchVerdict verdict = new BenchVerdict("[apm] ");
    private LocalServices svc;
    private BenchKafka kafka;
    private BenchElasticsearch es;
    private BenchJob job;
    private long jobPid;
    private final Map<String, Long> changeOps = new TreeMap<>();
    private KafkaConsumer<byte[], byte[]> changelog;
    private List<TopicPartition> changelogParts;
    private long knownAfter;
    private String knownIp;
    private int nextTrace;

    private ApmBenchmark(Path root, int spans) {
        this.root = root;
        this.dir = root.resolve("target/bench/apm");
        this.spans = spans;
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]).toAbsolutePath();
        int spans = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        ApmBenchmark b = new ApmBenchmark(root, spans);
        Runtime.getRuntime().addShutdownHook(new Thread(b::stop, "apm-bench-stop"));
        System.exit(b.run());
    }

    private int run() throws Exception {
        E2eBenchmark.deleteTree(dir);
        Files.createDirectories(dir);
        say(
                "machine: %d cores; %s",
                Runtime.getRuntime().availableProcessors(), LocalDate.now().toString());
        svc = LocalServices.start(root, dir.resolve("services"), LocalServices.Ports.free());
        job = new BenchJob(root, dir.resolve("job"), svc);
        kafka = new BenchKafka(svc.kafkaBootstrap());
        es = new BenchElasticsearch(svc.elasticsearchUrl());
        CreateTopics.main(BenchJob.args(root, svc).toArray(new String[0]));
        List<SeedCmdb.Host> hosts = SeedCmdb.demoHosts(SERVICES);
        try (Jedis j = new Jedis("127.0.0.1", svc.redisPort())) {
            SeedCmdb.write(j, new CmdbKeys("bkm.cache.cmdb"), hosts);
        }
        int batches = preload(hosts);
        job.start();
        jobPid = job.pid();
        measure(batches);
        job.stop();
        return verdict.report();
    }

    /** The applications, the backlog, and each partition's marker batch; returns the batches. */
    private int preload(List<SeedCmdb.Host> hosts) throws Exception {
        long start = System.nanoTime();
        long now = System.currentTimeMillis() / 1000;
        int perBatch = TRACES_PER_BATCH * SPANS_PER_TRACE;
        int batches = Math.max(1, spans / perBatch);
        // as a collector receiving 50,000 spans a second would stamp them
        double secondsPerBatch = perBatch / 50_000.0;
        long bytes = 0;
        try (KafkaProducer<String, String> p = kafka.producer(20)) {
            for (long app : APPS) {
                p.send(
                        new ProducerRecord<>(
                                "bkm_config",
                                "apm_app:" + app,
                                "{\"bk_biz_id\":2,\"app_name\":\"bench-" + app + "\"}"));
            }
            int trace = 0;
            for (int b = 0; b < batches; b++) {
                List<String> traces = new ArrayList<>(TRACES_PER_BATCH);
                for (int t = 0; t < TRACES_PER_BATCH; t++, trace++) {
                    int service = trace % SERVICES;
                    traces.add(
                            ApmDiscoveryIT.trace(
                                    String.format("%032x", trace),
                                    "svc-" + service,
                                    hosts.get(service).ip()));
                }
                long time = now + (long) (b * secondsPerBatch);
                String value =
                        ApmDiscoveryIT.batch(
                                APPS[b % APPS.length], time, traces.toArray(String[]::new));
                bytes += value.length();
                p.send(new ProducerRecord<>("bkm_apm_span", b % PARTITIONS, null, value));
            }
            long end = now + (long) (batches * secondsPerBatch);
            for (int part = 0; part < PARTITIONS; part++) {
                String marker =
                        ApmDiscoveryIT.trace(
                                String.format("%032x", trace + part),
                                "marker-" + part,
                                hosts.get(0).ip());
                p.send(
                        new ProducerRecord<>(
                                "bkm_apm_span",
                                part,
                                null,
                                ApmDiscoveryIT.batch(APPS[0], end + 1, marker)));
            }
            // then batches of a known service later than the markers by more than a trace is held
            // (30 s) and batches may be out of order (5 s), so event time passes the markers'
            // traces without waiting for the input to be quiet: event time is kept where spans are
            // bound, by application and partition, so one of each application in each partition
            knownAfter = end + 40;
            knownIp = hosts.get(0).ip();
            nextTrace = trace + PARTITIONS;
            sendKnown(p, knownAfter);
            p.flush();
        }
        say(
                "preloaded %,d spans in %,d batches of %d (two applications, %d services each;"
                        + " %,d MB) in %.1f s",
                (long) batches * perBatch,
                batches,
                perBatch,
                SERVICES,
                bytes >> 20,
                (System.nanoTime() - start) / 1e9);
        return batches;
    }

    /**
     * One batch of a known service for each application and partition, at {@code time}. Sent after
     * the backlog, then once a second while the benchmark waits, as a collector keeps sending: a
     * partition read to its end before another moves event time past the other's last traces, whose
     * holds then end at the next move, which a live stream brings within a second and a backlog
     * with nothing after it only once the input has been quiet (10 s).
     */
    private void sendKnown(KafkaProducer<String, String> p, long time) {
        for (int part = 0; part < PARTITIONS; part++) {
            for (long app : APPS) {
                String known =
                        ApmDiscoveryIT.trace(String.format("%032x", nextTrace++), "svc-0", knownIp);
                p.send(
                        new ProducerRecord<>(
                                "bkm_apm_span",
                                part,
                                null,
                                ApmDiscoveryIT.batch(app, time, known)));
            }
        }
        p.flush();
    }

    private synchronized void stop() {
        if (svc == null) {
            return;
        }
        if (job != null) {
            job.kill();
        }
        if (changelog != null) {
            try {
                changelog.close();
            } catch (RuntimeException inUse) {
                // interrupted while reading: the process is ending anyway
            }
        }
        svc.close();
        svc = null;
    }

    /** From the first change out to the last marker's entities, and the outputs checked. */
    private void measure(int batches) throws Exception {
        int expected = APPS.length * (SERVICES * PER_SERVICE + SHARED) + PARTITIONS * PER_SERVICE;
        Map<String, Long> pids = new LinkedHashMap<>();
        pids.put("job", jobPid);
        pids.putAll(svc.pids());
        pids.put("this benchmark", ProcessHandle.current().pid());
        long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
        long firstAt = 0;
        Map<String, Double> cpuAtFirst = null;
        ProcessCpu.Threads threadsAtFirst = null;
        Map<String, Long> ops;
        long startedAt = System.nanoTime();
        long lastPrint = 0;
        long tick = 0;
        try (KafkaProducer<String, String> p = kafka.producer(0)) {
            while (true) {
                sendKnown(p, knownAfter + ++tick);
                ops = changes();
                long now = System.nanoTime();
                long total = ops.values().stream().mapToLong(Long::longValue).sum();
                if (firstAt == 0 && total > 0) {
                    firstAt = now;
                    cpuAtFirst = ProcessCpu.seconds(pids);
                    threadsAtFirst = ProcessCpu.threads(jobPid);
                }
                if (now - lastPrint > 5_000_000_000L) {
                    lastPrint = now;
                    say(
                            "  %5.1f s: batches read %,d; changes out %,d",
                            (now - startedAt) / 1e9, batchesRead(), total);
                }
                if (ops.getOrDefault("marker", 0L) >= (long) PARTITIONS * PER_SERVICE) {
                    break;
                }
                if (now > deadline) {
                    verdict.fail(
                            "the markers' entities did not all come out in 20 minutes: %s", ops);
                    return;
                }
                Thread.sleep(1_000);
            }
        }
        double sinceStart = (System.nanoTime() - startedAt) / 1e9;
        double seconds = (System.nanoTime() - firstAt) / 1e9;
        Map<String, Double> cpu = ProcessCpu.seconds(pids);
        Map<String, Double> threads =
                ProcessCpu.perThreadGroup(threadsAtFirst, ProcessCpu.threads(jobPid));
        Map<String, Double> before = cpuAtFirst;
        long spansIn = (long) batches * TRACES_PER_BATCH * SPANS_PER_TRACE;
        say("");
        say(
                "%,d spans from the first change out to the last in %.1f s: %,.0f spans/s",
                spansIn, seconds, spansIn / seconds);
        say(
                "  from the job's start (reading, JIT and the first checkpoint included): %.1f s,"
                        + " %,.0f spans/s",
                sinceStart, spansIn / sinceStart);
        cpu.forEach(
                (name, s) -> {
                    double used = s - before.getOrDefault(name, 0.0);
                    say(
                            "  %-14s %5.2f cores, %6.1f µs of CPU per span",
                            name, used / seconds, used * 1e6 / spansIn);
                });
        say("the job's threads (share of a core over the run):");
        threads.entrySet().stream()
                .limit(8)
                .forEach(e -> say("  %5.2f  %s", e.getValue() / seconds, e.getKey()));
        Thread.sleep(5_000); // nothing more may come
        ops = changes();
        say("changes on %s: %s", DISCOVER, ops);
        verdict.expect("entities created", ops.getOrDefault("created", 0L), expected);
        verdict.expect(
                "entities updated (all seen inside the touch interval)",
                ops.getOrDefault("updated", 0L),
                0);
        verdict.expect("entities expired", ops.getOrDefault("expired", 0L), 0);
        es.refresh("bkm_apm_*");
        verdict.expect("bkm_apm_* documents", es.count("bkm_apm_*", null), expected);
        long[] letters = {0};
        kafka.readAll("bkm_dead_letter", r -> letters[0]++);
        verdict.expect("dead letters", letters[0], 0);
    }

    /** Batches of the input the job has committed as read (at its checkpoints). */
    private long batchesRead() {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", svc.kafkaBootstrap()))) {
            return admin
                    .listConsumerGroupOffsets("bkm-alarm")
                    .partitionsToOffsetAndMetadata()
                    .get()
                    .entrySet()
                    .stream()
                    .filter(e -> e.getKey().topic().equals("bkm_apm_span"))
                    .mapToLong(e -> e.getValue().offset())
                    .sum();
        } catch (Exception e) {
            return -1;
        }
    }

    /**
     * The changelog's records by op, and those of the marker services as "marker", so far: read on
     * from where the last call stopped, so that the benchmark's own reading costs the machine
     * little while the job runs.
     */
    private Map<String, Long> changes() {
        if (changelog == null) {
            changelog = kafka.committedReader();
            changelogParts = BenchKafka.assignAll(changelog, DISCOVER);
            changelog.seekToBeginning(changelogParts);
        }
        Map<TopicPartition, Long> end = changelog.endOffsets(changelogParts);
        while (changelogParts.stream().anyMatch(tp -> changelog.position(tp) < end.get(tp))) {
            for (ConsumerRecord<byte[], byte[]> r : changelog.poll(Duration.ofMillis(500))) {
                try {
                    JsonNode c = Json.MAPPER.readTree(r.value());
                    changeOps.merge(c.path("op").asText(), 1L, Long::sum);
                    if (c.toString().contains("marker-")) {
                        changeOps.merge("marker", 1L, Long::sum);
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
        return new TreeMap<>(changeOps);
    }

    private static void say(String format, Object... args) {
        System.out.printf("[apm] " + format + "%n", args);
    }
}
