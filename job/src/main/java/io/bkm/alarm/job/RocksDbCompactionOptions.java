package io.bkm.alarm.job;

import java.util.Collection;
import org.apache.flink.contrib.streaming.state.RocksDBOptionsFactory;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompactionOptionsUniversal;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;

/**
 * RocksDB's compactions for this job's state, over what the cluster's configuration sets (the
 * universal style, LZ4 per level). Every checkpoint flushes each changed column family to a small
 * file, so the flushed runs are many and small while the live state is not large: under RocksDB's
 * defaults most compactions merged a few of those small runs only to keep their count down, and
 * whole column families were rewritten early. Waiting for more runs, and for more newer data before
 * rewriting everything, writes far less, for more files on disk and in a checkpoint, which point
 * lookups pass through their bloom filters (README, "RocksDB's compactions under frequent
 * checkpoints").
 *
 * <p>A flush compresses with the column family's plain compression, which Flink's configuration
 * does not reach (its per-level setting is for compactions): Snappy unless set here.
 */
public final class RocksDbCompactionOptions implements RocksDBOptionsFactory {
    private static final long serialVersionUID = 1L;

    /** Sorted runs that start a compaction (RocksDB's default: 4). */
    static final int RUNS_BEFORE_COMPACTION = 8;

    /** Newer runs' size, in percent of the oldest, that rewrites them all (default: 200). */
    static final int SIZE_AMPLIFICATION_PERCENT = 400;

    @Override
    public DBOptions createDBOptions(
            DBOptions currentOptions, Collection<AutoCloseable> handlesToClose) {
        return currentOptions;
    }

    @Override
    public ColumnFamilyOptions createColumnOptions(
            ColumnFamilyOptions currentOptions, Collection<AutoCloseable> handlesToClose) {
        CompactionOptionsUniversal universal = new CompactionOptionsUniversal();
        handlesToClose.add(universal);
        universal.setMaxSizeAmplificationPercent(SIZE_AMPLIFICATION_PERCENT);
        return currentOptions
                .setCompressionType(CompressionType.LZ4_COMPRESSION)
                .setLevel0FileNumCompactionTrigger(RUNS_BEFORE_COMPACTION)
                .setCompactionOptionsUniversal(universal);
    }
}
