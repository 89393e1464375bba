package io.bkm.alarm.job.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bkm.alarm.cmdb.CmdbKeys;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.demo.GseAlarms;
import io.bkm.alarm.demo.SeedCmdb;
import io.bkm.alarm.job.config.JobSettings;
import io.bkm.localservices.LocalServices;
import io.bkm.localservices.TestServices;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import redis.clients.jedis.Jedis;

/**
 * The exactly-once proof (contract §3: "re-running any input from any checkpoint or savepoint
 * leaves exactly the documents one clean run leaves"). One deterministic input of third-party
 * events over {@link #FINGERPRINTS} fingerprints, and GSE alarms of {@link #GSE_HOSTS} hosts that
 * become monitor events through a strategy, is run once cleanly, then with injected failures, with
 * the broker, Redis and Elasticsearch failing in turn, and stopped with a savepoint and resumed.
 * Every output must match the clean run: ES documents (events, alerts, alert logs, actions; ids and
 * content), the committed Kafka records ({@code bkm_alert}, {@code bkm_monitor_event}, {@code
 * bkm_action}, {@code bkm_dead_letter}, and the alert QoS releases, none here: no alert name
 * floods), and the Redis keys. Each business's first two alerts are noticed at once, which two
 * decided by the notices' times and ids, not by their arrival; the rest wait in convergence windows
 * past restores and outages (a run restored midway holds them in its state), so each run's
 * summaries cover them all. The bounded runs release those windows at the end of their input; the
 * unbounded ones are stopped with a drained savepoint once their input has passed the alert stage,
 * which ends event time as the end of a bounded input does (their windows' release timers would
 * fire minutes later).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExactlyOnceProofIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int FINGERPRINTS = 1_000;
    private static final int EVENTS_PER_FINGERPRINT = 20;
    private static final int EVENTS = FINGERPRINTS * EVENTS_PER_FINGERPRINT;
    private static final int BAD_EVERY = 2_000;
    private static final String INPUT = "it_proof_fta_event";

    /**
     * One more fingerprint, of a business of its own, that recovers with every second event: it
     * starts flapping with its fourth, so the flap state, its log and the notices held back while
     * it flaps are in every run. Its flapping never ends within a run (the window is the default
     * half hour of processing time).
     */
    private static final int FLAPPER = FINGERPRINTS;

    private static final int FLAPPER_ALERTS = EVENTS_PER_FINGERPRINT / 2;

    /**
     * GSE disk-full alarms through the built-in strategy, for {@code bkm_monitor_event}: an hour
     * ahead, so no recovery check of their alerts falls within a run and makes it timing-dependent.
     */
    private static final int GSE_HOSTS = 100;

    private static final int GSE_ALARMS = GSE_HOSTS * EVENTS_PER_FINGERPRINT;
    private static final String GSE_INPUT = "it_proof_gse_system_event";
    private static final String CMDB_PREFIX = "it_proof.cache.cmdb";

    /**
     * Trace batches of two applications (businesses 2 and 3), ahead of the clock like the GSE
     * alarms and spread over fifteen minutes, so entities are created and touched (the touch
     * interval is ten minutes); services on the GSE hosts, so some are placed in each business and
     * some not. One partition, ending in a batch that is no JSON: its dead letter says the input
     * was read.
     */
    private static final String APM_INPUT = "it_proof_apm_span";

    private static final String CONFIG_INPUT = "it_proof_config";
    private static final int APM_TRACES = 1_200;
    private static final int APM_SERVICES = 40;
    private static final int TRACES_PER_BATCH = 10;
    private static final long SEED = Long.getLong("bkm.proof.seed", 20261121L);

    private LocalServices svc;
    private KafkaTopics kafka;
    private ElasticsearchDocs es;
    private RunOutcome clean;
    private long cleanCurrentTtl;

    @BeforeAll
    void produceInputAndRunCleanly() throws Exception {
        svc = TestServices.get();
        kafka = new KafkaTopics(svc.kafkaBootstrap());
        es = new ElasticsearchDocs(svc.elasticsearchUrl());
        kafka.create(INPUT, 4);
        // Received half a minute ago or more, as every run but the first reads it anyway:
        // convergence then decides which notices go at once from the notices alone in every run
        // (a live job's recent notices are passed by the clock, which a replay cannot repeat).
        // From the start of a convergence window, so that each fingerprint's events fall in one:
        // with a window's end between the flapper's first and second alert, the second's notice
        // would be the first of its window and go at once instead of being held
        long windowMs = settings("proof_clean").notice().convergence().windowSeconds() * 1000;
        long baseMs = Math.floorDiv(System.currentTimeMillis() - 30_000, windowMs) * windowMs;
        List<KafkaTopics.Message> input = new ArrayList<>(EVENTS + EVENTS / BAD_EVERY);
        int n = 0;
        for (int seq = 0; seq < EVENTS_PER_FINGERPRINT; seq++) {
            for (int fp = 0; fp < FINGERPRINTS; fp++) {
                input.add(
                        KafkaTopics.Message.of(
                                "fp-" + fp,
                                event(fp, seq, EVENTS_PER_FINGERPRINT, baseMs / 1000),
                                baseMs + seq * 1000L));
                if (++n % BAD_EVERY == 0) {
                    input.add(
                            KafkaTopics.Message.of(
                                    "bad",
                                    "{\"event_id\":\"bad-" + n + "\",",
                                    baseMs + seq * 1000L));
                }
            }
            String status = seq % 2 == 1 ? "RECOVERED" : "ABNORMAL";
            input.add(
                    KafkaTopics.Message.of(
                            "flapper",
                            event(FLAPPER, seq, status, 7, baseMs / 1000),
                            baseMs + seq * 1000L));
        }
        kafka.produce(INPUT, input);

        List<SeedCmdb.Host> hosts = SeedCmdb.demoHosts(GSE_HOSTS);
        try (Jedis j = new Jedis("127.0.0.1", svc.redisPort())) {
            SeedCmdb.write(j, new CmdbKeys(CMDB_PREFIX), hosts);
        }
        long gseStart = baseMs / 1000 + 3600;
        List<KafkaTopics.Message> alarms = new ArrayList<>(GSE_ALARMS);
        for (int seq = 0; seq < EVENTS_PER_FINGERPRINT; seq++) {
            for (SeedCmdb.Host h : hosts) {
                alarms.add(
                        KafkaTopics.Message.of(
                                h.ip(),
                                GseAlarms.diskFull(gseStart + seq * 60L, h.ip(), "/data"),
                                baseMs + seq * 1000L));
            }
        }
        kafka.create(GSE_INPUT, 2);
        kafka.produce(GSE_INPUT, alarms);

        kafka.create(CONFIG_INPUT, 1);
        kafka.produce(
                CONFIG_INPUT,
                List.of(
                        KafkaTopics.Message.of(
                                "apm_app:1600001",
                                "{\"bk_biz_id\":2,\"app_name\":\"shop\"}",
                                baseMs),
                        KafkaTopics.Message.of(
                                "apm_app:1600002",
                                "{\"bk_biz_id\":3,\"app_name\":\"pay\"}",
                                baseMs)));
        List<KafkaTopics.Message> batches = new ArrayList<>();
        for (int t = 0; t < APM_TRACES; t += TRACES_PER_BATCH) {
            List<String> traces = new ArrayList<>();
            for (int i = t; i < t + TRACES_PER_BATCH; i++) {
                int service = i % APM_SERVICES;
                traces.add(
                        ApmDiscoveryIT.trace(
                                String.format("%032x", i),
                                "svc-" + service,
                                hosts.get(service % GSE_HOSTS).ip()));
            }
            if (t == TRACES_PER_BATCH) {
                traces.add("{\"span_id\":\"no trace\",\"kind\":2}");
            }
            long dataId = 1600001 + (t / TRACES_PER_BATCH) % 2;
            // forty minutes ahead and over fifteen: ahead of the clock for the whole suite
            long time = baseMs / 1000 + 2400 + (t * 15L * 60 / APM_TRACES);
            batches.add(
                    KafkaTopics.Message.of(
                            null,
                            ApmDiscoveryIT.batch(dataId, time, traces.toArray(String[]::new)),
                            baseMs));
        }
        batches.add(KafkaTopics.Message.of(null, "{\"data_id\":", baseMs));
        kafka.create(APM_INPUT, 1);
        kafka.produce(APM_INPUT, batches);

        long t0 = System.nanoTime();
        JobSettings s = settings("proof_clean");
        assertNoNoticeDecidedOnArrival(JobRuns.run(s, UnaryOperator.identity()).getJobID());
        clean = outcome(s);
        String anyCurrent =
                clean.redis().keySet().stream()
                        .filter(k -> k.startsWith(".current."))
                        .findFirst()
                        .orElse("");
        cleanCurrentTtl = RedisKeys.ttl(svc.redisPort(), s.redis().keyPrefix() + anyCurrent);
        System.out.printf(
                "[proof] clean run: %s in %.1f s; alert logs by operation: %s%n",
                clean.summary(),
                (System.nanoTime() - t0) / 1e9,
                byOperation(s.elasticsearch().logAlertIndex()));
    }

    /** A run's alert logs counted by operation: which kind a differing count is short of. */
    private Map<String, Long> byOperation(String logIndex) throws Exception {
        return es.all(logIndex + "_*").values().stream()
                .collect(
                        Collectors.groupingBy(
                                d -> d.path("op_type").asText(),
                                TreeMap::new,
                                Collectors.counting()));
    }

    /**
     * Event {@code seq} of {@code perFingerprint} of fingerprint {@code fp}; every tenth
     * fingerprint recovers with its last event, so ended alerts are covered too.
     */
    static String event(int fp, int seq, int perFingerprint, long baseSeconds) {
        boolean recovers = fp % 10 == 0 && seq == perFingerprint - 1;
        return event(fp, seq, recovers ? "RECOVERED" : "ABNORMAL", 3, baseSeconds);
    }

    private static String event(int fp, int seq, String status, int biz, long baseSeconds) {
        return "{\"event_id\":\"ev-"
                + fp
                + "-"
                + seq
                + "\",\"plugin_id\":\"proof\",\"alert_name\":\"proof alert "
                + fp
                + "\",\"severity\":2,\"status\":\""
                + status
                + "\",\"target_type\":\"HOST\",\"target\":\"10.1."
                + (fp / 256)
                + "."
                + (fp % 256)
                + "|0\",\"bk_biz_id\":"
                + biz
                + ",\"tags\":[{\"key\":\"seq\",\"value\":"
                + seq
                + "}],\"time\":"
                + (baseSeconds + seq * 60L)
                + "}";
    }

    private JobSettings settings(String run, String... extra) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--topics.gse-system-event",
                                GSE_INPUT,
                                "--cmdb.key-prefix",
                                CMDB_PREFIX,
                                "--topics.apm-span",
                                APM_INPUT,
                                "--topics.config",
                                CONFIG_INPUT,
                                // a convergence window is released three minutes after its
                                // first notice, so it holds all of them even when the GSE path
                                // waits for its config and an outage stalls the run
                                "--notice.converge-wait-seconds",
                                "180"));
        args.addAll(List.of(extra));
        return JobRuns.settings(svc, run, INPUT, args.toArray(String[]::new));
    }

    private RunOutcome outcome(JobSettings s) throws Exception {
        return RunOutcome.of(kafka, es, svc.redisPort(), s);
    }

    private void assertSameAsClean(RunOutcome run, JobSettings s) throws Exception {
        showFirstDifference(run.alerts(), clean.alerts(), s.elasticsearch().alertIndex());
        run.assertSameAs(clean);
    }

    /** On a difference, the first differing document of each run, to see what differs. */
    private void showFirstDifference(
            Map<String, String> run, Map<String, String> expected, String runIndex)
            throws Exception {
        for (Map.Entry<String, String> e : expected.entrySet()) {
            if (!e.getValue().equals(run.get(e.getKey()))) {
                String cleanIndex = settings("proof_clean").elasticsearch().alertIndex();
                JsonNode want = es.all(cleanIndex + "_*").get(e.getKey());
                JsonNode got = es.all(runIndex + "_*").get(e.getKey());
                if (got == null) {
                    // another id: the run's alert of the same fingerprint
                    got =
                            es.all(runIndex + "_*").values().stream()
                                    .filter(
                                            d ->
                                                    d.path("dedupe_md5")
                                                            .equals(want.path("dedupe_md5")))
                                    .findFirst()
                                    .orElse(null);
                }
                System.out.printf(
                        "[proof] first difference, %s%n  clean: %s%n  this run: %s%n",
                        e.getKey(), want, got);
                return;
            }
        }
    }

    @Test
    void theCleanRunLeavesEveryOutputComplete() throws Exception {
        int alerts = FINGERPRINTS + GSE_HOSTS;
        assertThat(clean.events()).hasSize(EVENTS + GSE_ALARMS + EVENTS_PER_FINGERPRINT);
        assertThat(clean.alerts()).hasSize(alerts + FLAPPER_ALERTS);
        // one log per change: CREATE, then CONVERGE or RECOVER for every further event; and one
        // ACTION log per alert whose abnormal notice was converged into its business's summary:
        // all but the first two of each of the three businesses; the flapper's FLAPPING, and the
        // ACTION of its second alert's notice (see below)
        int atOnce = 3 * 2;
        assertThat(clean.alertLogs())
                .hasSize(EVENTS + GSE_ALARMS + alerts - atOnce + EVENTS_PER_FINGERPRINT + 1 + 1);
        // disk full triggers on every alarm (1 in 5 minutes): one monitor event each
        assertThat(RunOutcome.count(clean.monitorEvents())).isEqualTo(GSE_ALARMS);
        assertThat(clean.monitorEvents()).hasSize(GSE_ALARMS);
        // one abnormal notice per alert (repeats are hours away; alerts without strategy get no
        // recovery notice): each business's first two sent at once, the rest converged into one
        // summary sent in their place; all are in the action index. The flapper's first two
        // alerts are noticed, then its flapping, nothing more. In its business the first alert's
        // notice and the flapping go at once; the second alert's notice is the fingerprint's
        // second, held and sent as a summary of one
        int flapperNotices = 3;
        assertThat(clean.actions()).hasSize(alerts + 3 + flapperNotices + 1);
        assertThat(clean.actions().keySet().stream().filter(id -> id.endsWith(".abnormal.1")))
                .hasSize(alerts + 2);
        assertThat(clean.actions().keySet().stream().filter(id -> id.endsWith(".flapping.1")))
                .hasSize(1);
        assertThat(clean.actions().keySet().stream().filter(id -> id.endsWith(".collect")))
                .hasSize(3 + 1);
        assertThat(clean.actionRecords()).hasSize(3 + atOnce + flapperNotices);
        List<Integer> converged = new ArrayList<>();
        for (KafkaTopics.Received r :
                kafka.readCommitted(settings("proof_clean").topics().action())) {
            converged.add(MAPPER.readTree(r.value()).path("converged_count").asInt(0));
        }
        // the GSE hosts belong to three businesses; business 3's join the third-party summary
        assertThat(converged)
                .hasSize(3 + atOnce + flapperNotices)
                .filteredOn(c -> c == 0)
                .hasSize(atOnce + flapperNotices - 1);
        assertThat(converged.stream().mapToInt(Integer::intValue).max().getAsInt())
                .isGreaterThan(FINGERPRINTS - 2);
        assertThat(converged.stream().mapToInt(Integer::intValue).sum())
                .isEqualTo(alerts - atOnce + 1);
        // and the APM input's span that is no span and batch that is no JSON
        assertThat(RunOutcome.count(clean.deadLetters())).isEqualTo(EVENTS / BAD_EVERY + 2);
        // the batches alternate between the applications, so each has half the services; per
        // service 3 endpoints, its root endpoint, host, 2 instances, 2 nodes and 2 relations; one
        // endpoint, node and remote caller of the shared payment gateway
        int perApp = APM_SERVICES / 2 * (3 + 1 + 1 + 2 + 2 + 2) + 3;
        assertThat(clean.apmEntities()).hasSize(2 * perApp);
        Map<String, Long> ops = new TreeMap<>();
        for (Map.Entry<String, Long> record : clean.apmChanges().entrySet()) {
            String value = record.getKey().substring(record.getKey().indexOf('\u0000') + 1);
            ops.merge(
                    Json.MAPPER.readTree(value).path("op").asText(), record.getValue(), Long::sum);
        }
        assertThat(ops.get("created")).isEqualTo(2L * perApp);
        assertThat(ops.get("updated")).as("touched a touch interval later").isPositive();
        assertThat(ops).doesNotContainKey("expired");
        // every change once, versions in order per alert, nothing lost
        JobSettings s = settings("proof_clean");
        Map<String, JsonNode> docs = es.all(s.elasticsearch().alertIndex() + "_*");
        Map<String, List<Long>> versions = new HashMap<>();
        long records = 0;
        for (KafkaTopics.Received r : kafka.readCommitted(s.topics().alert())) {
            versions.computeIfAbsent(r.key(), k -> new ArrayList<>())
                    .add(MAPPER.readTree(r.value()).get("version").asLong());
            records++;
        }
        assertThat(records).isEqualTo(EVENTS + GSE_ALARMS + EVENTS_PER_FINGERPRINT);
        assertThat(versions).hasSize(alerts + FLAPPER_ALERTS);
        versions.forEach(
                (id, v) ->
                        assertThat(v)
                                .hasSize(isFlapper(docs.get(id)) ? 2 : EVENTS_PER_FINGERPRINT)
                                .isSorted()
                                .doesNotHaveDuplicates());
        long recovered = 0;
        List<String> flapping = new ArrayList<>();
        for (JsonNode a : docs.values()) {
            boolean flapper = isFlapper(a);
            // the recovery counts as one of the alert's events
            assertThat(a.get("event_count").asLong())
                    .isEqualTo(flapper ? 2 : EVENTS_PER_FINGERPRINT);
            recovered += a.get("status").asText().equals("RECOVERED") ? 1 : 0;
            if (flapper) {
                flapping.add(a.path("begin_time").asLong() + "=" + a.path("is_flapping").asText());
            }
        }
        assertThat(recovered).isEqualTo(FINGERPRINTS / 10 + FLAPPER_ALERTS);
        // its first alert ended before it flapped; the second started flapping as it ended
        flapping.sort(null);
        assertThat(flapping.get(0)).endsWith("=");
        assertThat(flapping.subList(1, FLAPPER_ALERTS))
                .allSatisfy(f -> assertThat(f).endsWith("=true"));
        // one snapshot per alert and one current alert per fingerprint, with their TTLs
        assertThat(clean.redis().keySet().stream().filter(k -> k.startsWith(".snapshot.")))
                .hasSize(alerts + FLAPPER_ALERTS);
        assertThat(clean.redis().keySet().stream().filter(k -> k.startsWith(".current.")))
                .hasSize(alerts + 1);
        assertThat(cleanCurrentTtl).as("TTL of a current-alert key").isBetween(7000L, 7200L);
    }

    private static boolean isFlapper(JsonNode alert) {
        return alert.path("alert_name").asText().equals("proof alert " + FLAPPER);
    }

    @Test
    void injectedFailuresInOperatorsSinksAndCheckpointsChangeNothing() throws Exception {
        Random random = new Random(SEED);
        // counts over all parallel instances and their restarts, well within the first pass
        int sourceFailureAfter = 2_000 + random.nextInt(EVENTS / 4);
        int sinkFailureAt = 2_000 + random.nextInt(EVENTS / 4);
        int checkpointFailureAfter = 2_000 + random.nextInt(EVENTS / 4);
        int apmFailureAt = 50 + random.nextInt(100);
        System.out.printf(
                "[proof] seed %d: operator failure after %d records, alert writer failure at record"
                        + " %d, snapshot writer failure in the first checkpoint flush after %d"
                        + " records, APM writer failure at record %d (counted over instances and"
                        + " restarts)%n",
                SEED, sourceFailureAfter, sinkFailureAt, checkpointFailureAfter, apmFailureAt);
        InjectedFailures.clear();
        InjectedFailure.FAILURES_LEFT.set(1);
        // one in the alert writer, one in the APM entity writer
        FailingSink.WRITE_FAILURES_LEFT.set(2);
        FailingSink.FLUSH_FAILURES_LEFT.set(1);

        JobSettings s = settings("proof_failures");
        InjectedFailure operator = new InjectedFailure(sourceFailureAfter, 20);
        List<FailingSink<?, ?>> writers = new ArrayList<>();
        long t0 = System.nanoTime();
        JobExecutionResult result =
                JobRuns.run(
                        s,
                        in -> in.map(operator).uid("it-injected-failure").name("injected failure"),
                        out -> {
                            var alerts =
                                    new FailingSink<>(
                                            "alert writer",
                                            out.alertIndex(),
                                            sinkFailureAt,
                                            Integer.MAX_VALUE);
                            var snapshots =
                                    new FailingSink<>(
                                            "alert snapshot writer",
                                            out.alertSnapshots(),
                                            Integer.MAX_VALUE,
                                            checkpointFailureAfter);
                            var apm =
                                    new FailingSink<>(
                                            "APM entity writer",
                                            out.apmIndex(),
                                            apmFailureAt,
                                            Integer.MAX_VALUE);
                            writers.addAll(List.of(alerts, snapshots, apm));
                            return out.withAlertWriters(alerts, snapshots).withApmIndex(apm);
                        });
        assertNoNoticeDecidedOnArrival(result.getJobID());
        List<String> failures = InjectedFailures.all();
        StringBuilder counts = new StringBuilder("operator records " + operator.records());
        writers.forEach(w -> counts.append("; ").append(w.counts()));
        System.out.printf("[proof] injected failures: %s; counted: %s%n", failures, counts);
        assertThat(failures).as("injected failures (counted: %s)", counts).hasSize(4);

        RunOutcome run = outcome(s);
        System.out.printf(
                "[proof] run with %d injected failures: %s in %.1f s; duplicates 0, lost 0 if equal"
                        + " to the clean run%n",
                failures.size(), run.summary(), (System.nanoTime() - t0) / 1e9);
        assertSameAsClean(run, s);
    }

    /**
     * Each service fails in turn while the job runs, with checkpoints that wait at most 10 s for a
     * stalled task and the restarts the cluster ships (no cap on attempts):
     *
     * <ul>
     *   <li>the Kafka broker is killed (SIGKILL): transactions open at that moment are neither
     *       committed nor aborted by it, and it recovers its logs when started again on them;
     *   <li>Redis is frozen (SIGSTOP) for 15 s while alert snapshots are written: connections hang
     *       rather than fail, the harder case for a client;
     *   <li>Elasticsearch is stopped for 15 s, half as long again as a checkpoint waits: the job
     *       restarts from its last checkpoint while it is away, again and again.
     * </ul>
     *
     * The job must never end, and its outputs must equal the clean run's. It runs unbounded, as the
     * savepoint drill does: a restart from a checkpoint taken after a source split finished would
     * otherwise never finish (FLINK-31006). CMDB lookups (also on Redis) are given the patience to
     * wait out the freeze: this drill is about the writers; {@code CmdbOutageIT} covers what a CMDB
     * outage does to lookups.
     */
    @Test
    void servicesFailingInTurnChangeNothing() throws Exception {
        JobSettings s =
                settings(
                        "proof_outages",
                        "--checkpoint.timeout-ms",
                        "10000",
                        "--checkpoint.tolerable-failures",
                        "0",
                        // the cluster's restart strategy, as shipped in conf/flink/config.yaml
                        "--restart.attempts",
                        "",
                        "--restart.delay-ms",
                        "",
                        "--cmdb.retry-for-ms",
                        "300000",
                        "--cmdb.async-timeout-ms",
                        "400000",
                        "--kafka.bounded",
                        "false",
                        // the three outages, the restarts and their backoff stall the run for
                        // longer than the other runs' three minutes: a window released before
                        // its last notices arrive starts another round, and its summaries differ;
                        // the drain at the end releases it
                        "--notice.converge-wait-seconds",
                        "3600");
        JobClient job = JobRuns.start(s, throttled(), UnaryOperator.identity(), null);
        try (JobStatusWatch status = new JobStatusWatch(job)) {
            awaitSomeAlerts(s);
            // every outage then ends in a restore from a checkpoint, not in a fresh start: the
            // first checkpoint waits behind the throttled backlog and would expire in the first
            CompletedCheckpoints.awaitOne(checkpoints(s, job));
            svc.killKafka();
            System.out.println("[proof] kafka broker killed");
            Thread.sleep(10_000);
            svc.startKafka();
            System.out.println("[proof] kafka broker started again on its logs");

            // each outage outlasts the checkpoints' 10 s by enough for one to time out on a
            // slow machine
            svc.pauseRedis();
            try {
                Thread.sleep(15_000);
            } finally {
                svc.resumeRedis();
            }
            System.out.println("[proof] redis frozen for 15 s, then resumed");
            assertThat(status.ended()).as("the job ended during an outage").isFalse();

            long esDown = System.nanoTime();
            svc.stopElasticsearch();
            Thread.sleep(15_000);
            assertThat(status.ended()).as("the job ended without Elasticsearch").isFalse();
            assertThat(status.restartsSince(esDown))
                    .as("restarts while Elasticsearch was away longer than checkpoints wait")
                    .isPositive();
            svc.startElasticsearch();
            System.out.println(
                    "[proof] elasticsearch stopped for 15 s, then started; restarts seen: "
                            + status.restarts());
            awaitInputThroughAlerts(s, Duration.ofMinutes(8));
            assertThat(status.ended()).as("the job ended").isFalse();
        }
        drain(job);
        assertNoNoticeDecidedOnArrival(job.getJobID());
        RunOutcome run = outcome(s);
        System.out.printf("[proof] after the outages: %s%n", run.summary());
        assertSameAsClean(run, s);
    }

    /**
     * Every notice was decided as the sources' watermark passed it, in the order of the notices'
     * times, none on arrival: what makes a replay decide as the clean run did, not luck. The GSE
     * alarms an hour ahead of the third-party events are the shape of a catch-up where one input
     * runs ahead of another.
     */
    private static void assertNoNoticeDecidedOnArrival(JobID job) {
        assertThat(KeptCounters.sum(job, "convergence.late"))
                .as("notices that reached convergence behind the watermark")
                .isZero();
    }

    /**
     * Waits until every input record has passed the alert stage: the committed alert records,
     * monitor events and dead letters are the clean run's. Every notice is then in the convergence
     * stage's state, which is downstream of the alert stage and part of the same checkpoint.
     */
    private void awaitInputThroughAlerts(JobSettings s, Duration patience) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            // cheap to ask; reading the Kafka outputs waits for open transactions to settle
            if (eventDocuments(s) >= EVENTS + GSE_ALARMS
                    && RunOutcome.AlertStage.of(kafka, s).equals(clean.alertStage())) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the input did not pass the alert stage in " + patience);
            }
            Thread.sleep(2_000);
        }
    }

    private long eventDocuments(JobSettings s) throws Exception {
        try {
            return es.count(s.elasticsearch().eventIndex() + "_*");
        } catch (IllegalStateException notYet) {
            return 0;
        }
    }

    /** Stops the job with a savepoint that ends event time first, and waits for its end. */
    private void drain(JobClient job) throws Exception {
        var result = job.getJobExecutionResult();
        String savepoint =
                job.stopWithSavepoint(true, savepoints(), SavepointFormatType.CANONICAL)
                        .get(2, TimeUnit.MINUTES);
        result.get(1, TimeUnit.MINUTES);
        System.out.printf("[proof] drained into %s%n", savepoint);
    }

    private static Path checkpoints(JobSettings s, JobClient job) {
        return JobRuns.checkpointDir(s.kafka().groupId()).resolve(job.getJobID().toString());
    }

    private static String savepoints() {
        return TestServices.repoRoot().resolve("job/target/it-savepoints").toUri().toString();
    }

    /**
     * Runs unbounded: a bounded KafkaSource restored from a savepoint never finishes (FLINK-31006,
     * open in flink-connector-kafka 3.4.0), so the resumed job is watched until its input has
     * passed the alert stage, then drained.
     */
    @Test
    void stopWithSavepointAndResumeChangesNothing() throws Exception {
        JobSettings s =
                settings(
                        "proof_savepoint",
                        "--kafka.bounded",
                        "false",
                        // released by the drain at the end
                        "--notice.converge-wait-seconds",
                        "3600");
        JobClient first = JobRuns.start(s, throttled(), UnaryOperator.identity(), null);
        awaitSomeAlerts(s);
        String savepoint =
                first.stopWithSavepoint(false, savepoints(), SavepointFormatType.CANONICAL)
                        .get(2, TimeUnit.MINUTES);
        long eventsBefore = eventDocuments(s);
        System.out.printf(
                "[proof] stopped with savepoint %s after %d events%n", savepoint, eventsBefore);
        assertThat(eventsBefore).as("stopped mid-stream").isLessThan(EVENTS);

        JobClient resumed = JobRuns.start(s, throttled(), UnaryOperator.identity(), savepoint);
        awaitInputThroughAlerts(s, Duration.ofMinutes(6));
        drain(resumed);
        assertNoNoticeDecidedOnArrival(first.getJobID());
        assertNoNoticeDecidedOnArrival(resumed.getJobID());
        RunOutcome run = outcome(s);
        System.out.printf("[proof] resumed from the savepoint: %s%n", run.summary());
        assertSameAsClean(run, s);
    }

    /**
     * Slows the stream so that outages and savepoints fall in the middle of it. Not more: a
     * checkpoint barrier waits behind the records buffered in front of the throttle.
     */
    private static UnaryOperator<DataStream<io.bkm.alarm.model.RawMessage>> throttled() {
        return in ->
                in.map(new InjectedFailure(Integer.MAX_VALUE, 400))
                        .uid("it-injected-failure")
                        .name("throttle");
    }

    private void awaitSomeAlerts(JobSettings s) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (es.count(s.elasticsearch().alertIndex() + "_*") > 0) {
                    return;
                }
            } catch (IllegalStateException notYet) {
                // index not there yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no alert reached Elasticsearch within 2 minutes");
    }
}
