package io.bkm.alarm.job;

import io.bkm.alarm.job.config.JobSettings;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * What the job sets up outside its graph: the Flink settings it depends on, the environment built
 * from them, and the index templates its writers need.
 */
public final class JobEnvironment {
    private JobEnvironment() {}

    /**
     * Flink settings the job depends on. They are set here rather than left to the cluster so that
     * tests, local runs and {@code flink run} behave alike.
     */
    public static Configuration flinkConfiguration(JobSettings s) {
        Configuration c = new Configuration();
        c.setString("parallelism.default", Integer.toString(s.parallelism()));
        c.setString("pipeline.max-parallelism", Integer.toString(s.maxParallelism()));
        // Savepoint compatibility: every operator names its uid and every type is a POJO.
        c.setString("pipeline.auto-generate-uids", "false");
        c.setString("pipeline.generic-types", "false");
        // Chained operators hand records on without a defensive copy. Safe because no operator
        // keeps or changes a record it has emitted: writers serialize at write, and records that
        // cross the network are new objects on the other side.
        c.setString("pipeline.object-reuse", "true");
        c.setString("execution.checkpointing.interval", s.checkpointIntervalMs() + " ms");
        c.setString("execution.checkpointing.mode", "EXACTLY_ONCE");
        c.setString("execution.checkpointing.timeout", s.checkpointTimeoutMs() + " ms");
        c.setString("execution.checkpointing.min-pause", s.checkpointMinPauseMs() + " ms");
        c.setString(
                "execution.checkpointing.tolerable-failed-checkpoints",
                Integer.toString(s.tolerableCheckpointFailures()));
        c.setString(
                "execution.checkpointing.externalized-checkpoint-retention",
                "RETAIN_ON_CANCELLATION");
        c.setString("state.backend.type", "rocksdb");
        c.setString("state.backend.incremental", "true");
        // An event whose id the alert operator cannot prove new asks for it, and it is almost
        // always new: without a filter each miss searches every sorted file (alert benchmark,
        // #6). New files only, so savepoints restore.
        c.setString("state.backend.rocksdb.use-bloom-filter", "true");
        // Every event rewrites its alert: Snappy in flushes and compactions took a fifth of the
        // core; LZ4 costs less CPU for slightly larger files. A file records its own compression,
        // so files already written (and savepoints) still read.
        c.setString("state.backend.rocksdb.compression.per.level", "LZ4_COMPRESSION");
        // 16 KB blocks compress the alerts' repeated fields better than 4 KB: half the checkpoint
        // per alert, at the same speed (alert benchmark, #6).
        c.setString("state.backend.rocksdb.block.blocksize", "16 kb");
        // With alert states held on the heap, RocksDB's main write is the event id, one small
        // entry per event at a random place: in a 64 MB memtable its insert was a third of the
        // alert operator's time, in 16 MB ones a fraction (alert benchmark, #6).
        c.setString("state.backend.rocksdb.writebuffer.size", "16 mb");
        c.setString("state.checkpoints.dir", s.checkpointDir());
        c.setString("restart-strategy.type", "fixed-delay");
        c.setString("restart-strategy.fixed-delay.attempts", Integer.toString(s.restartAttempts()));
        c.setString("restart-strategy.fixed-delay.delay", s.restartDelayMs() + " ms");
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

    public static StreamExecutionEnvironment environment(JobSettings s) {
        return StreamExecutionEnvironment.getExecutionEnvironment(flinkConfiguration(s));
    }
}
