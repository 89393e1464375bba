package io.bkm.alarm.bench;

import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** One local subtask on RocksDB with checkpoints, as the job runs its operators. */
final class BenchEnvironment {
    /** The repository's cluster config; benchmarks run from the repository's root. */
    private static final String CLUSTER_CONFIG = "conf/flink";

    private BenchEnvironment() {}

    /**
     * RocksDB's memory (block cache and write buffers) for the one subtask: enough to hold the
     * state of 100,000 alerts, as a task manager sized for them would give. -Dbench.managed sets
     * it.
     */
    static String managedMemory() {
        return System.getProperty("bench.managed", "1g");
    }

    static StreamExecutionEnvironment rocksDb(Path checkpoints) {
        Configuration c = new Configuration();
        // state backend and checkpoints as the cluster config gives them to the job; with
        // incremental checkpoints shared/ holds the state's files
        GlobalConfiguration.loadConfiguration(CLUSTER_CONFIG)
                .toMap()
                .forEach(
                        (key, value) -> {
                            if (key.startsWith("state.backend.")
                                    || key.startsWith("execution.checkpointing.")) {
                                c.setString(key, value);
                            }
                        });
        c.setString("execution.checkpointing.dir", checkpoints.toUri().toString());
        c.setString("pipeline.generic-types", "false");
        c.setString("taskmanager.memory.managed.size", managedMemory());
        // -Dflink.<key>=<value>: what a cluster would set differently, e.g. more managed memory
        System.getProperties().stringPropertyNames().stream()
                .filter(k -> k.startsWith("flink."))
                .forEach(k -> c.setString(k.substring(6), System.getProperty(k)));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(c);
        env.setParallelism(1);
        return env;
    }
}
