package io.bkm.alarm.bench;

import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** One local subtask on RocksDB with checkpoints every 10 s, as the job runs its operators. */
final class BenchEnvironment {
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
        c.setString("state.backend.type", "rocksdb");
        // as the job runs: incremental checkpoints; shared/ then holds the state's files
        c.setString("state.backend.incremental", System.getProperty("bench.incremental", "true"));
        c.setString("state.backend.rocksdb.use-bloom-filter", "true");
        c.setString("state.backend.rocksdb.compression.per.level", "LZ4_COMPRESSION");
        c.setString("state.backend.rocksdb.block.blocksize", "16 kb");
        c.setString("state.checkpoints.dir", checkpoints.toUri().toString());
        c.setString("execution.checkpointing.interval", "10 s");
        c.setString(
                "execution.checkpointing.externalized-checkpoint-retention",
                "RETAIN_ON_CANCELLATION");
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
