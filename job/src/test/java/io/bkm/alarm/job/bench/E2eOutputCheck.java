package io.bkm.alarm.job.bench;

import static io.bkm.alarm.job.bench.BenchVerdict.say;
import static io.bkm.alarm.job.bench.E2eIndices.ACTIONS;
import static io.bkm.alarm.job.bench.E2eIndices.ALERTS;
import static io.bkm.alarm.job.bench.E2eIndices.EVENTS;
import static io.bkm.alarm.job.bench.E2eIndices.LOGS;
import static io.bkm.alarm.job.bench.E2eIndices.NO_STRATEGY;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Whether the end-to-end run's outputs are complete and right: every event indexed, every alert's
 * {@code event_count} adding up, the alerts on Kafka, in Redis and noticed, no dead letter.
 */
final class E2eOutputCheck {
    private final BenchElasticsearch es;
    private final BenchKafka kafka;
    private final int redisPort;
    private final E2eWorkload work;
    private final BenchVerdict verdict;

    E2eOutputCheck(
            BenchElasticsearch es,
            BenchKafka kafka,
            int redisPort,
            E2eWorkload work,
            BenchVerdict verdict) {
        this.es = es;
        this.kafka = kafka;
        this.redisPort = redisPort;
        this.work = work;
        this.verdict = verdict;
    }

    /** Checks every output against the workload, as the verdict's checks. */
    void run() throws Exception {
        say("");
        say("checking the outputs ...");
        long fta = es.count(EVENTS, NO_STRATEGY);
        verdict.expect("third-party event documents", fta, work.fta);
        long monitor =
                awaitCount("bkm_monitor_event", work.monitorEvents(), Duration.ofSeconds(60));
        verdict.expect("monitor events on bkm_monitor_event", monitor, work.monitorEvents());
        verdict.expect(
                "event documents of monitor events",
                es.count(EVENTS, null) - fta,
                work.monitorEvents());
        verdict.expect("events counted in third-party alerts", sumNoStrategy(), work.fta);
        verdict.expect(
                "events counted in disk-full alerts", sumOf(E2eWorkload.GSE_STRATEGY), work.gse);
        verdict.expect(
                "events counted in custom-event alerts",
                sumOf(E2eWorkload.CUSTOM_STRATEGY),
                work.customMonitorEvents());
        verdict.expect(
                "events counted in time-series alerts",
                sumOf(E2eWorkload.SERIES_STRATEGY),
                work.seriesMonitorEvents());
        long ftaAlerts = es.count(ALERTS, NO_STRATEGY);
        verdict.expect("third-party alerts", ftaAlerts, E2eWorkload.FINGERPRINTS);
        verdict.expect(
                "third-party alerts recovered by their last event",
                es.count(
                        ALERTS,
                        "{\"bool\":{\"must_not\":{\"exists\":{\"field\":\"strategy_id\"}},"
                                + "\"filter\":{\"term\":{\"status\":\"RECOVERED\"}}}}"),
                work.recoveredFingerprints());

        Set<String> alertIds = new HashSet<>();
        Set<String> fingerprints = new HashSet<>();
        es.scroll(
                ALERTS,
                hit -> {
                    alertIds.add(hit.path("_id").asText());
                    fingerprints.add(hit.path("_source").path("dedupe_md5").asText());
                });
        Set<String> onKafka = new HashSet<>();
        kafka.readAll("bkm_alert", r -> onKafka.add(new String(r.key(), StandardCharsets.UTF_8)));
        verdict.expect("alerts on bkm_alert (distinct ids)", onKafka.size(), alertIds.size());
        verdict.expect(
                "bkm_alert ids equal the alert index's", onKafka.equals(alertIds) ? 1 : 0, 1);
        try (Jedis j = new Jedis("127.0.0.1", redisPort)) {
            verdict.expect(
                    "Redis alert snapshots", keys(j, "bkm.alert.snapshot.*"), alertIds.size());
            verdict.expect(
                    "Redis current alerts", keys(j, "bkm.alert.current.*"), fingerprints.size());
        }
        long logs = es.count(LOGS, null);
        if (logs < alertIds.size()) {
            verdict.fail("alert logs: %,d, fewer than the %,d alerts", logs, alertIds.size());
        }
        // every alert is new and abnormal once: one abnormal notice each, converged or not
        long noticed =
                awaitEs(
                        ACTIONS,
                        "{\"bool\":{\"filter\":[{\"term\":{\"signal\":\"abnormal\"}},"
                                + "{\"term\":{\"action_type\":\"notice\"}}]}}",
                        alertIds.size(),
                        Duration.ofSeconds(300));
        verdict.expect("abnormal notices in the action index", noticed, alertIds.size());
        long deadLetters = countRecords("bkm_dead_letter");
        verdict.expect("dead letters", deadLetters, 0);
        say(
                "documents: %,d events, %,d alerts, %,d alert logs, %,d actions",
                es.count(EVENTS, null), alertIds.size(), logs, es.count(ACTIONS, null));
    }

    private long sumNoStrategy() throws Exception {
        return eventCount(NO_STRATEGY);
    }

    private long sumOf(long strategy) throws Exception {
        return eventCount("{\"term\":{\"strategy_id\":\"" + strategy + "\"}}");
    }

    private long eventCount(String query) throws Exception {
        JsonNode r =
                es.search(
                        ALERTS,
                        "{\"size\":0,\"query\":"
                                + query
                                + ",\"aggs\":{\"s\":{\"sum\":{\"field\":\"event_count\"}}}}");
        return (long) r.path("aggregations").path("s").path("value").asDouble();
    }

    private long awaitCount(String topic, long expected, Duration patience) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        long n;
        while ((n = countRecords(topic)) < expected && System.nanoTime() < deadline) {
            Thread.sleep(1000);
        }
        return n;
    }

    private long awaitEs(String pattern, String query, long expected, Duration patience)
            throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        long n;
        while ((n = es.count(pattern, query)) < expected && System.nanoTime() < deadline) {
            Thread.sleep(1000);
        }
        return n;
    }

    private long countRecords(String topic) {
        AtomicLong n = new AtomicLong();
        kafka.readAll(topic, r -> n.incrementAndGet());
        return n.get();
    }

    private static long keys(Jedis j, String pattern) {
        long n = 0;
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> r = j.scan(cursor, new ScanParams().match(pattern).count(5000));
            n += r.getResult().size();
            cursor = r.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return n;
    }
}
