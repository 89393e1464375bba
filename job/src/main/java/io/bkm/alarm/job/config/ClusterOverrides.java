package io.bkm.alarm.job.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.contrib.streaming.state.RocksDBOptions;
import org.apache.flink.contrib.streaming.state.RocksDBOptionsFactory;

/**
 * The Flink settings that belong to the cluster (parallelism, checkpoints, restarts, RocksDB's
 * options) and that {@code conf/job.yaml} may still name for this job. An empty key leaves the
 * cluster's value; a set one becomes the Flink option it stands for, and the job says at start-up
 * that it overrides the cluster.
 */
public final class ClusterOverrides {
    static final String OPTIONS_FACTORY_KEY = "state.rocksdb-options-factory";

    private ClusterOverrides() {}

    /** Flink option keys and values, in the order of {@code conf/job.yaml}. */
    public static Map<String, String> from(JobConfig c) {
        Map<String, String> out = new LinkedHashMap<>();
        positive(c, "job.parallelism", v -> out.put("parallelism.default", v));
        positive(
                c,
                "checkpoint.interval-ms",
                v -> out.put("execution.checkpointing.interval", ms(v)));
        positive(
                c, "checkpoint.timeout-ms", v -> out.put("execution.checkpointing.timeout", ms(v)));
        positive(
                c,
                "checkpoint.min-pause-ms",
                v -> out.put("execution.checkpointing.min-pause", ms(v)));
        nonNegative(
                c,
                "checkpoint.tolerable-failures",
                v -> out.put("execution.checkpointing.tolerable-failed-checkpoints", v));
        if (!c.optional("checkpoint.dir").isEmpty()) {
            out.put("execution.checkpointing.dir", c.string("checkpoint.dir"));
        }
        boolean attempts = !c.optional("restart.attempts").isEmpty();
        if (attempts != !c.optional("restart.delay-ms").isEmpty()) {
            // one alone would be a fixed-delay strategy with Flink's default for the other (a
            // single attempt), whatever strategy the cluster has
            throw new JobConfig.ConfigException(
                    "configuration keys 'restart.attempts' and 'restart.delay-ms' are set together"
                            + " or not at all");
        }
        if (attempts) {
            out.put("restart-strategy.type", "fixed-delay");
            out.put(
                    "restart-strategy.fixed-delay.attempts",
                    Integer.toString(c.positiveInt("restart.attempts")));
            out.put(
                    "restart-strategy.fixed-delay.delay",
                    ms(Long.toString(c.positiveLong("restart.delay-ms"))));
        }
        String factory = c.optional(OPTIONS_FACTORY_KEY);
        if (!factory.isEmpty()) {
            checkOptionsFactory(factory);
            out.put(RocksDBOptions.OPTIONS_FACTORY.key(), factory);
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * A class the task managers could not load would fail every start of the job's RocksDB backend,
     * over and over under the cluster's restart strategy: a wrong name stops start-up.
     */
    private static void checkOptionsFactory(String name) {
        Class<?> factory;
        try {
            factory = Class.forName(name, false, ClusterOverrides.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new JobConfig.ConfigException(
                    "configuration key '" + OPTIONS_FACTORY_KEY + "': no class " + name);
        }
        if (!RocksDBOptionsFactory.class.isAssignableFrom(factory)) {
            throw new JobConfig.ConfigException(
                    "configuration key '"
                            + OPTIONS_FACTORY_KEY
                            + "': "
                            + name
                            + " is not a RocksDBOptionsFactory");
        }
    }

    private static void positive(JobConfig c, String key, java.util.function.Consumer<String> set) {
        if (!c.optional(key).isEmpty()) {
            set.accept(Long.toString(c.positiveLong(key)));
        }
    }

    private static void nonNegative(
            JobConfig c, String key, java.util.function.Consumer<String> set) {
        if (!c.optional(key).isEmpty()) {
            set.accept(Integer.toString(c.nonNegativeInt(key)));
        }
    }

    private static String ms(String v) {
        return v + " ms";
    }
}
