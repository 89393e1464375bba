package io.bkm.alarm.job;

import io.bkm.alarm.job.config.JobSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the job sets up outside its graph: the Flink settings that are its own, the environment
 * built from them, and the index templates its writers need.
 */
public final class JobEnvironment {
    private static final Logger LOG = LoggerFactory.getLogger(JobEnvironment.class);

    private JobEnvironment() {}

    /**
     * The Flink settings that are the job's: what savepoints and correctness depend on, plus the
     * cluster settings {@code conf/job.yaml} explicitly overrides. Everything else (parallelism,
     * checkpoints, restarts, the state backend) is left to the cluster's configuration, so that
     * {@code flink run -p 4} and the cluster's checkpoint storage are not silently ignored.
     */
    public static Configuration jobConfiguration(JobSettings s) {
        Configuration c = new Configuration();
        c.setString("pipeline.max-parallelism", Integer.toString(s.job().maxParallelism()));
        // Savepoint compatibility: every operator names its uid and every type is a POJO.
        c.setString("pipeline.auto-generate-uids", "false");
        c.setString("pipeline.generic-types", "false");
        // Chained operators hand records on without a defensive copy. Safe because no operator
        // keeps or changes a record it has emitted: writers serialize at write, and records that
        // cross the network are new objects on the other side.
        c.setString("pipeline.object-reuse", "true");
        // The transactional sinks and the proof of exactly-once output rely on aligned barriers.
        c.setString("execution.checkpointing.mode", "EXACTLY_ONCE");
        s.job().clusterOverrides().forEach(c::setString);
        return c;
    }

    /**
     * A MiniCluster's whole configuration: the cluster configuration in {@code clusterConfDir} (the
     * {@code config.yaml} a JobManager would read), then the job's own settings over it.
     */
    public static Configuration localConfiguration(Path clusterConfDir, JobSettings s) {
        if (!Files.isRegularFile(clusterConfDir.resolve("config.yaml"))) {
            throw new IllegalStateException(
                    "a local run takes the cluster's settings from "
                            + clusterConfDir.resolve("config.yaml")
                            + ", which does not exist (scripts/run-local.sh sets FLINK_CONF_DIR)");
        }
        Configuration c = GlobalConfiguration.loadConfiguration(clusterConfDir.toString());
        c.addAll(jobConfiguration(s));
        return c;
    }

    /**
     * Start-up work outside the graph: the Elasticsearch index templates. Differences from existing
     * templates are reported, never applied.
     */
    public static void prepareOutputs(JobSettings s) throws Exception {
        for (String difference : s.elasticsearch().installTemplates()) {
            System.err.println("bkm-alarm: index template differs, left unchanged: " + difference);
        }
    }

    /**
     * Under {@code flink run}, the cluster's environment with the job's settings; in a plain JVM, a
     * MiniCluster configured as a cluster would be, from {@code $FLINK_CONF_DIR}.
     */
    public static StreamExecutionEnvironment environment(JobSettings s) {
        logOverrides(s.job().clusterOverrides());
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(jobConfiguration(s));
        if (!(env instanceof LocalStreamEnvironment)) {
            return env;
        }
        String confDir = System.getenv("FLINK_CONF_DIR");
        if (confDir == null || confDir.isBlank()) {
            throw new IllegalStateException(
                    "a local run needs FLINK_CONF_DIR, the folder of the cluster configuration it"
                            + " runs with (scripts/run-local.sh sets it)");
        }
        return StreamExecutionEnvironment.createLocalEnvironment(
                localConfiguration(Path.of(confDir), s));
    }

    private static void logOverrides(Map<String, String> overrides) {
        overrides.forEach(
                (k, v) -> LOG.info("The job configuration overrides the cluster's {}: {}", k, v));
    }
}
