package io.bkm.alarm.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.bkm.alarm.job.config.JobConfig;
import io.bkm.alarm.job.config.JobSettings;
import io.bkm.alarm.notice.NoticeConvergeFunction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.util.TimeUtils;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class JobConfigTest {
    private static final Path CONF = Path.of("../conf/job.yaml");

    @Test
    void shippedConfigurationIsValidAndOverridable() {
        JobSettings s =
                JobSettings.from(
                        JobConfig.load(
                                CONF,
                                "--kafka.bootstrap-servers",
                                "10.0.0.5:9092",
                                "--job.parallelism",
                                "4"));
        assertThat(s.kafka().bootstrapServers()).isEqualTo("10.0.0.5:9092");
        assertThat(s.kafka().sink().bootstrapServers()).isEqualTo("10.0.0.5:9092");
        assertThat(s.job().clusterOverrides())
                .containsExactly(
                        Map.entry("parallelism.default", "4"),
                        Map.entry(
                                "state.backend.rocksdb.options-factory",
                                RocksDbCompactionOptions.class.getName()));
        assertThat(
                        JobSettings.from(
                                        JobConfig.load(CONF, "--state.rocksdb-options-factory", ""))
                                .job()
                                .clusterOverrides())
                .as("empty: the cluster's options")
                .isEmpty();
        assertThat(s.topics().alert()).isEqualTo("bkm_alert");
        assertThat(s.elasticsearch().alertIndex()).isEqualTo("bkfta_alert");
        assertThat(s.elasticsearch().eventIndex()).isEqualTo("bkfta_event");
        assertThat(s.elasticsearch().hosts()).containsExactly("http://127.0.0.1:19200");
        // history bulks leave Elasticsearch's other write thread to alerts and actions
        assertThat(s.elasticsearch().historyLane().limit()).isEqualTo(1);
        assertThat(
                        JobSettings.from(
                                        JobConfig.load(
                                                CONF,
                                                "--elasticsearch.history-bulks-in-flight",
                                                "0"))
                                .elasticsearch()
                                .historyLane())
                .as("0: no limit")
                .isNull();
        // an alert document is searchable at the next refresh; the history every 5 s
        assertThat(s.elasticsearch().alertRefreshInterval()).isEqualTo("500ms");
        assertThat(s.elasticsearch().historyRefreshInterval()).isEqualTo("5s");
        assertThat(s.redis().keyPrefix()).isEqualTo("bkm.alert");
        assertThat(s.redis().snapshotTtlSeconds()).isEqualTo(1800L);
        assertThat(s.redis().currentTtlSeconds()).isEqualTo(7200L);
        assertThat(s.job().maxParallelism()).isEqualTo(128);
        // bk-monitor's convergence: 120 s windows, summaries from 3 alerts
        assertThat(s.notice().convergence())
                .isEqualTo(new NoticeConvergeFunction.Settings(120, 10, 3))
                .matches(NoticeConvergeFunction.Settings::enabled);
    }

    @Test
    void theTopicListHoldsEveryTopicOfTheFile() throws Exception {
        JsonNode section =
                new ObjectMapper(new YAMLFactory()).readTree(CONF.toFile()).get("topics");
        List<String> inFile = new ArrayList<>();
        section.fields()
                .forEachRemaining(
                        e -> {
                            if (!e.getKey().equals("partitions")) {
                                inFile.add(e.getValue().asText());
                            }
                        });
        JobSettings s = JobSettings.from(JobConfig.load(CONF));
        assertThat(s.topics().all()).containsExactlyInAnyOrderElementsOf(inFile);
        assertThat(s.topics().partitions()).isEqualTo(section.get("partitions").asInt());
    }

    @Test
    void anOptionsFactoryTheTaskManagersCouldNotUseStopsStartUp() {
        startUpWithOptionsFactory("io.bkm.alarm.job.NoSuchOptions")
                .hasMessageContaining("'state.rocksdb-options-factory': no class");
        startUpWithOptionsFactory("java.lang.String")
                .hasMessageContaining("java.lang.String is not a RocksDBOptionsFactory");
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> startUpWithOptionsFactory(
            String name) {
        return assertThatThrownBy(
                        () ->
                                JobSettings.from(
                                        JobConfig.load(
                                                CONF, "--state.rocksdb-options-factory", name)))
                .isInstanceOf(JobConfig.ConfigException.class);
    }

    @Test
    void badValuesStopStartUpNamingTheKey() {
        assertThatThrownBy(() -> JobSettings.from(JobConfig.load(CONF, "--job.parallelism", "two")))
                .isInstanceOf(JobConfig.ConfigException.class)
                .hasMessageContaining("'job.parallelism'")
                .hasMessageContaining("'two'");
        assertThatThrownBy(() -> JobSettings.from(JobConfig.load(CONF, "--kafka.bounded", "yes")))
                .hasMessageContaining("'kafka.bounded'");
        assertThatThrownBy(
                        () ->
                                JobSettings.from(
                                        JobConfig.load(CONF, "--kafka.starting-offsets", "middle")))
                .hasMessageContaining("'kafka.starting-offsets'")
                .hasMessageContaining("earliest, latest, committed");
        assertThatThrownBy(() -> JobSettings.from(JobConfig.load(CONF, "--topics.alert", " ")))
                .hasMessageContaining("'topics.alert' is missing or empty");
        assertThatThrownBy(
                        () ->
                                JobSettings.from(
                                        JobConfig.load(
                                                CONF, "--alert.shield-time-zone", "Mars/Olympus")))
                .hasMessageContaining("'alert.shield-time-zone' must be a time-zone id");
        assertThatThrownBy(
                        () -> JobSettings.from(JobConfig.load(CONF, "--alert.qos-threshold", "-1")))
                .hasMessageContaining("'alert.qos-threshold'");
        assertThatThrownBy(
                        () ->
                                JobSettings.from(
                                        JobConfig.load(CONF, "--notice.converge-threshold", "0")))
                .hasMessageContaining("'notice.converge-threshold'");
        assertThatThrownBy(
                        () ->
                                JobSettings.from(
                                        JobConfig.load(
                                                CONF,
                                                "--elasticsearch.alert-refresh-interval",
                                                "500")))
                .hasMessageContaining("'elasticsearch.alert-refresh-interval' must be a time")
                .hasMessageContaining("'500'");
        assertThat(
                        JobSettings.from(
                                        JobConfig.load(
                                                CONF,
                                                "--elasticsearch.history-refresh-interval",
                                                ""))
                                .elasticsearch()
                                .historyRefreshInterval())
                .as("empty: Elasticsearch's default")
                .isEmpty();
        assertThatThrownBy(() -> JobConfig.load(CONF, "--kafka.bootstrap", "x"))
                .hasMessageContaining("unknown configuration key 'kafka.bootstrap'");
        assertThatThrownBy(() -> JobConfig.fromArgs(new String[] {"--config", "nope.yaml"}))
                .hasMessageContaining("nope.yaml")
                .hasMessageContaining("not found");
    }

    @Test
    void flinkSettingsKeepSavepointsSafe() {
        var c = JobEnvironment.jobConfiguration(JobSettings.from(JobConfig.load(CONF)));
        assertThat(c.toMap())
                .containsEntry("pipeline.auto-generate-uids", "false")
                .containsEntry("pipeline.generic-types", "false")
                .containsEntry("pipeline.max-parallelism", "128")
                .containsEntry("execution.checkpointing.mode", "EXACTLY_ONCE");
    }

    @Test
    void chainedOperatorsHandRecordsOnWithoutCopies() {
        var env = JobEnvironment.environment(JobSettings.from(JobConfig.load(CONF)));
        assertThat(env.getConfig().isObjectReuseEnabled()).isTrue();
    }

    /**
     * A job's configuration wins over the cluster's: with the shipped job.yaml the job must name
     * nothing the cluster owns, or {@code flink run -p 4} and the cluster's checkpoint storage
     * would be silently ignored. The one exception is RocksDB's options factory: its class is in
     * the job's jar, so only the job can name it (a cluster that named it would fail every other
     * job's backend), and the job logs that it overrides the cluster.
     */
    @Test
    void theShippedJobLeavesTheClusterItsSettings() {
        Map<String, String> job =
                JobEnvironment.jobConfiguration(JobSettings.from(JobConfig.load(CONF))).toMap();
        assertThat(job.keySet())
                .containsExactlyInAnyOrder(
                        "pipeline.max-parallelism",
                        "pipeline.auto-generate-uids",
                        "pipeline.generic-types",
                        "pipeline.object-reuse",
                        "execution.checkpointing.mode",
                        "state.backend.rocksdb.options-factory");
        // what the job does set agrees with the cluster configuration shipped beside it
        Map<String, String> cluster =
                GlobalConfiguration.loadConfiguration("../conf/flink").toMap();
        for (String key : job.keySet()) {
            if (cluster.containsKey(key)) {
                assertThat(sameValue(job.get(key), cluster.get(key)))
                        .as("%s: job %s, cluster config %s", key, job.get(key), cluster.get(key))
                        .isTrue();
            }
        }
    }

    @Test
    void keysTheJobNamesOverrideTheClusterAndOnlyThose() {
        JobSettings s =
                JobSettings.from(
                        JobConfig.load(
                                CONF,
                                "--checkpoint.interval-ms",
                                "200",
                                "--checkpoint.dir",
                                "file:///tmp/x",
                                "--restart.attempts",
                                "7",
                                "--restart.delay-ms",
                                "300"));
        assertThat(JobEnvironment.jobConfiguration(s).toMap())
                .containsEntry("execution.checkpointing.interval", "200 ms")
                .containsEntry("execution.checkpointing.dir", "file:///tmp/x")
                .containsEntry("restart-strategy.type", "fixed-delay")
                .containsEntry("restart-strategy.fixed-delay.delay", "300 ms")
                .containsEntry("restart-strategy.fixed-delay.attempts", "7")
                .doesNotContainKeys("parallelism.default", "execution.checkpointing.timeout");
        // a local run: the cluster file first, the job's overrides over it
        Map<String, String> local =
                JobEnvironment.localConfiguration(Path.of("../conf/flink"), s).toMap();
        assertThat(local)
                .containsEntry("execution.checkpointing.interval", "200 ms")
                .containsEntry("execution.checkpointing.timeout", "2 min")
                .containsEntry("parallelism.default", "2");
        assertThatThrownBy(
                        () ->
                                JobSettings.from(
                                        JobConfig.load(CONF, "--checkpoint.timeout-ms", "0")))
                .hasMessageContaining("'checkpoint.timeout-ms' must be a positive integer");
        assertThatThrownBy(
                        () -> JobSettings.from(JobConfig.load(CONF, "--restart.delay-ms", "300")))
                .hasMessageContaining("'restart.attempts' and 'restart.delay-ms' are set together");
    }

    /** Equal, or the same duration however written ("10 s" and "10000 ms"). */
    private static boolean sameValue(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        try {
            return TimeUtils.parseDuration(a).equals(TimeUtils.parseDuration(b));
        } catch (IllegalArgumentException notDurations) {
            return false;
        }
    }
}
