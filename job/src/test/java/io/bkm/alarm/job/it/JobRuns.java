package io.bkm.alarm.job.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.bkm.alarm.cmdb.CmdbKeys;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.demo.SeedCmdb;
import io.bkm.alarm.job.AlarmJob;
import io.bkm.alarm.job.Inputs;
import io.bkm.alarm.job.JobEnvironment;
import io.bkm.alarm.job.Outputs;
import io.bkm.alarm.job.config.JobConfig;
import io.bkm.alarm.job.config.JobSettings;
import io.bkm.alarm.job.io.KafkaInputs;
import io.bkm.alarm.model.RawMessage;
import io.bkm.localservices.LocalServices;
import io.bkm.localservices.TestServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import redis.clients.jedis.Jedis;

/**
 * Runs the real job (real sources and sinks, {@code conf/job.yaml} with overrides) on a local
 * MiniCluster against the test services, reading its input topics to their end.
 */
public final class JobRuns {
    private JobRuns() {}

    /**
     * Settings for one run: every output topic and index gets the run's own name, so runs over the
     * same input can be compared.
     */
    public static JobSettings settings(
            LocalServices svc, String run, String inputTopic, String... extra) {
        Path root = TestServices.repoRoot();
        JobSettings s =
                JobSettings.from(
                        JobConfig.load(
                                root.resolve("conf/job.yaml"),
                                args(svc, run, inputTopic, extra).toArray(new String[0])));
        assertIsolated(s, run);
        return s;
    }

    /**
     * The {@code --key value} arguments of {@link #settings}, for a job started as users start it
     * ({@code flink run JAR --config conf/job.yaml ARGS}).
     */
    public static List<String> args(
            LocalServices svc, String run, String inputTopic, String... extra) {
        Path root = TestServices.repoRoot();
        Map<String, String> o = new LinkedHashMap<>();
        o.put("kafka.bootstrap-servers", svc.kafkaBootstrap());
        o.put("kafka.bounded", "true");
        o.put("kafka.starting-offsets", "earliest");
        o.put("kafka.group-id", run);
        o.put("kafka.transactional-id-prefix", run);
        o.put("kafka.transaction-timeout-ms", "600000");
        o.put("topics.fta-event", inputTopic);
        o.put("topics.gse-system-event", run + "_in_gse_system");
        o.put("topics.gse-custom-event", run + "_in_gse_custom");
        o.put("topics.gse-process-event", run + "_in_gse_process");
        o.put("topics.custom-event", run + "_in_custom_event");
        o.put("topics.timeseries", run + "_in_timeseries");
        o.put("topics.config", run + "_in_config");
        o.put("topics.alert-ops", run + "_in_alert_ops");
        o.put("topics.alert-qos-release", run + "_alert_qos_release");
        o.put("topics.alert", run + "_alert");
        o.put("topics.monitor-event", run + "_monitor_event");
        o.put("topics.action", run + "_action");
        o.put("topics.dead-letter", run + "_dead_letter");
        o.put("topics.apm-span", run + "_in_apm_span");
        o.put("topics.apm-discover", run + "_apm_discover");
        o.put("elasticsearch.hosts", svc.elasticsearchUrl());
        o.put("elasticsearch.index.event", run + "_bkfta_event");
        o.put("elasticsearch.index.alert", run + "_bkfta_alert");
        o.put("elasticsearch.index.log-alert", run + "_bkfta_log_alert");
        o.put("elasticsearch.index.action", run + "_bkfta_action");
        o.put("elasticsearch.index.apm", run + "_bkm_apm");
        o.put("elasticsearch.bulk-flush-interval-ms", "200");
        o.put("elasticsearch.history-flush-interval-ms", "200");
        o.put("redis.port", Integer.toString(svc.redisPort()));
        o.put("cmdb.redis-port", Integer.toString(svc.redisPort()));
        o.put("cmdb.key-prefix", run + ".cache.cmdb");
        o.put("redis.alert-key-prefix", run + ".alert");
        o.put("redis.flush-interval-ms", "200");
        o.put("checkpoint.interval-ms", "200");
        o.put("checkpoint.min-pause-ms", "50");
        o.put("checkpoint.dir", checkpointDir(run).toUri().toString());
        o.put("restart.attempts", "20");
        o.put("restart.delay-ms", "200");
        List<String> args = new ArrayList<>();
        o.forEach((k, v) -> args.addAll(List.of("--" + k, v)));
        args.addAll(List.of(extra));
        return args;
    }

    /** Where a run's checkpoints go, one folder per job under it. */
    public static Path checkpointDir(String run) {
        return TestServices.repoRoot().resolve("job/target/it-checkpoints/" + run);
    }

    /**
     * Settings for a run of the unbounded job ({@link #whileRunning}), reading third-party events
     * from {@code {run}_in_fta}.
     */
    public static JobSettings runningSettings(LocalServices svc, String run, String... extra) {
        List<String> args = new ArrayList<>(List.of("--kafka.bounded", "false"));
        args.addAll(List.of(extra));
        return settings(svc, run, run + "_in_fta", args.toArray(String[]::new));
    }

    /** {@code n} demo hosts, written to the run's CMDB cache. */
    public static List<SeedCmdb.Host> seedHosts(LocalServices svc, String run, int n) {
        List<SeedCmdb.Host> hosts = SeedCmdb.demoHosts(n);
        try (Jedis j = new Jedis("127.0.0.1", svc.redisPort())) {
            SeedCmdb.write(j, new CmdbKeys(run + ".cache.cmdb"), hosts);
        }
        return hosts;
    }

    /**
     * Sends the strategy in {@code file} (under the repository root) on the run's config topic, as
     * an operator would; at a fresh start the job reads it before binding records.
     */
    public static void sendStrategy(KafkaTopics kafka, JobSettings s, String file, long nowMs)
            throws Exception {
        kafka.create(s.topics().config(), 1);
        kafka.produce(s.topics().config(), List.of(strategyMessage(file, nowMs)));
    }

    /** The config record of the strategy in {@code file} (under the repository root). */
    public static KafkaTopics.Message strategyMessage(String file, long nowMs) throws Exception {
        String json = Files.readString(TestServices.repoRoot().resolve(file));
        long id = Json.MAPPER.readTree(json).path("id").asLong();
        return KafkaTopics.Message.of("strategy:" + id, json, nowMs);
    }

    /** The value of an event's or alert's tag, or null. */
    public static String tag(JsonNode event, String key) {
        for (JsonNode t : event.path("tags")) {
            if (key.equals(t.path("key").asText())) {
                return t.path("value").asText();
            }
        }
        return null;
    }

    /** A run that wrote to a shared name would make every comparison between runs vacuous. */
    private static void assertIsolated(JobSettings s, String run) {
        for (String name :
                List.of(
                        s.topics().alert(),
                        s.topics().monitorEvent(),
                        s.topics().action(),
                        s.topics().deadLetter(),
                        s.topics().alertQosRelease(),
                        s.elasticsearch().eventIndex(),
                        s.elasticsearch().alertIndex(),
                        s.elasticsearch().logAlertIndex(),
                        s.elasticsearch().actionIndex(),
                        s.elasticsearch().apmIndex(),
                        s.topics().apmDiscover(),
                        s.redis().keyPrefix())) {
            if (!name.startsWith(run)) {
                throw new IllegalStateException("output " + name + " is not private to run " + run);
            }
        }
    }

    /** Builds and runs the job to completion; {@code tap} may insert a stage after the source. */
    public static JobExecutionResult run(JobSettings s, UnaryOperator<DataStream<RawMessage>> tap)
            throws Exception {
        return run(s, tap, UnaryOperator.identity());
    }

    /**
     * As {@link #run(JobSettings, UnaryOperator)}, with the real outputs passed through {@code
     * outputs}.
     */
    public static JobExecutionResult run(
            JobSettings s,
            UnaryOperator<DataStream<RawMessage>> tap,
            UnaryOperator<Outputs> outputs)
            throws Exception {
        return start(s, tap, outputs, null).getJobExecutionResult().get();
    }

    /**
     * Starts the job on its own MiniCluster and returns at once.
     *
     * @param savepoint a savepoint to restore from, or null
     */
    public static JobClient start(
            JobSettings s,
            UnaryOperator<DataStream<RawMessage>> tap,
            UnaryOperator<Outputs> outputs,
            String savepoint)
            throws Exception {
        return startWith(s, inputs -> inputs.mapFtaEvents(tap), outputs, savepoint);
    }

    /** What a test does while an unbounded job runs. */
    @FunctionalInterface
    public interface WhileRunning {
        void run() throws Exception;
    }

    /**
     * Starts the (unbounded) job, runs {@code body} against it and cancels it; a job that ended on
     * its own meanwhile failed, and its failure is thrown.
     */
    public static void whileRunning(JobSettings s, WhileRunning body) throws Exception {
        whileRunning(s, UnaryOperator.identity(), body);
    }

    /** As {@link #whileRunning(JobSettings, WhileRunning)}, with the outputs passed through. */
    public static void whileRunning(
            JobSettings s, UnaryOperator<Outputs> outputs, WhileRunning body) throws Exception {
        whileRunning(s, outputs, null, body);
    }

    /** As {@link #whileRunning(JobSettings, WhileRunning)}, started from {@code savepoint}. */
    public static void whileRunning(JobSettings s, String savepoint, WhileRunning body)
            throws Exception {
        whileRunning(s, UnaryOperator.identity(), savepoint, body);
    }

    private static void whileRunning(
            JobSettings s, UnaryOperator<Outputs> outputs, String savepoint, WhileRunning body)
            throws Exception {
        JobClient job = startWith(s, UnaryOperator.identity(), outputs, savepoint);
        // ask now: a per-job MiniCluster shuts down as soon as the job is done
        var result = job.getJobExecutionResult();
        try {
            body.run();
        } finally {
            if (result.isDone()) {
                result.get();
            } else {
                job.cancel().get();
            }
        }
    }

    /** As {@link #start}, with any of the inputs passed through {@code inputsTap}. */
    public static JobClient startWith(
            JobSettings s,
            UnaryOperator<Inputs> inputsTap,
            UnaryOperator<Outputs> outputs,
            String savepoint)
            throws Exception {
        JobEnvironment.prepareOutputs(s);
        createTopics(s);
        Configuration conf =
                JobEnvironment.localConfiguration(TestServices.repoRoot().resolve("conf/flink"), s);
        if (savepoint != null) {
            conf.setString("execution.state-recovery.path", savepoint);
        }
        KeptCounters.addTo(conf);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        Inputs inputs = inputsTap.apply(KafkaInputs.all(env, s));
        AlarmJob.defineWorkflow(inputs, outputs.apply(Outputs.real(s)), s);
        return env.executeAsync(s.job().name());
    }

    /** The run's topics, as {@code scripts/run-local.sh} creates them before a start. */
    public static void createTopics(JobSettings s) throws Exception {
        KafkaTopics topics =
                new KafkaTopics(
                        s.kafka().bootstrapServers(), s.kafka().security().clientProperties());
        // a sink producing to a topic it auto-creates can meet NOT_LEADER and wedge on
        // OUT_OF_ORDER_SEQUENCE_NUMBER: every topic is made before the job starts
        for (String t : s.topics().all()) {
            topics.create(t, 1);
        }
    }
}
