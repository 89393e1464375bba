package io.bkm.alarm.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.bkm.alarm.job.config.JobConfig;
import io.bkm.alarm.job.config.JobSettings;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.contrib.streaming.state.RocksDBConfigurableOptions;
import org.apache.flink.contrib.streaming.state.RocksDBOptions;
import org.apache.flink.streaming.api.environment.ExecutionCheckpointingOptions;
import org.junit.jupiter.api.Test;

/**
 * Flink 1.20 still reads deprecated keys, with a warning, and 2.0 drops them: neither the cluster
 * configuration we ship nor what the job sets may use one.
 */
class FlinkKeysTest {
    private static final List<Class<?>> OPTIONS =
            List.of(
                    CheckpointingOptions.class,
                    StateBackendOptions.class,
                    StateRecoveryOptions.class,
                    RestartStrategyOptions.class,
                    PipelineOptions.class,
                    CoreOptions.class,
                    ExecutionCheckpointingOptions.class,
                    RocksDBOptions.class,
                    RocksDBConfigurableOptions.class);

    @Test
    void noDeprecatedKeyIsUsed() throws Exception {
        Set<String> deprecated = deprecatedKeys();
        assertThat(deprecated).contains("state.backend.incremental", "execution.savepoint.path");
        Set<String> used =
                new TreeSet<>(GlobalConfiguration.loadConfiguration("../conf/flink").keySet());
        JobSettings all =
                JobSettings.from(
                        JobConfig.load(
                                Path.of("../conf/job.yaml"),
                                "--job.parallelism",
                                "2",
                                "--checkpoint.interval-ms",
                                "1",
                                "--checkpoint.timeout-ms",
                                "1",
                                "--checkpoint.min-pause-ms",
                                "1",
                                "--checkpoint.tolerable-failures",
                                "1",
                                "--checkpoint.dir",
                                "file:///x",
                                "--restart.attempts",
                                "1",
                                "--restart.delay-ms",
                                "1"));
        used.addAll(JobEnvironment.jobConfiguration(all).keySet());
        assertThat(used).contains("execution.checkpointing.dir", "restart-strategy.type");
        assertThat(used).doesNotContainAnyElementsOf(deprecated);
    }

    /**
     * Keys that are only a deprecated fallback of another option, or that only deprecated fields
     * declare (a deprecated class may declare a key a current class also declares).
     */
    private static Set<String> deprecatedKeys() throws IllegalAccessException {
        Set<String> current = new HashSet<>();
        Set<String> deprecated = new HashSet<>();
        for (Class<?> c : OPTIONS) {
            for (Field f : c.getFields()) {
                if (!Modifier.isStatic(f.getModifiers())
                        || !ConfigOption.class.isAssignableFrom(f.getType())) {
                    continue;
                }
                ConfigOption<?> o = (ConfigOption<?>) f.get(null);
                boolean old =
                        f.isAnnotationPresent(Deprecated.class)
                                || c.isAnnotationPresent(Deprecated.class);
                (old ? deprecated : current).add(o.key());
                for (FallbackKey k : o.fallbackKeys()) {
                    if (k.isDeprecated()) {
                        deprecated.add(k.getKey());
                    }
                }
            }
        }
        deprecated.removeAll(current);
        return deprecated;
    }
}
