package io.bkm.alarm.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompactionStyle;
import org.rocksdb.CompressionType;
import org.rocksdb.RocksDB;

class RocksDbCompactionOptionsTest {
    @Test
    void compactionsWaitForMoreRunsAndFlushesCompressWithLz4() throws Exception {
        RocksDB.loadLibrary();
        List<AutoCloseable> handles = new ArrayList<>();
        try (ColumnFamilyOptions cluster = new ColumnFamilyOptions()) {
            cluster.setCompactionStyle(CompactionStyle.UNIVERSAL);
            ColumnFamilyOptions o =
                    new RocksDbCompactionOptions().createColumnOptions(cluster, handles);
            assertThat(o.compactionStyle())
                    .as("the cluster's style is kept")
                    .isEqualTo(CompactionStyle.UNIVERSAL);
            assertThat(o.level0FileNumCompactionTrigger()).isEqualTo(8);
            assertThat(o.compactionOptionsUniversal().maxSizeAmplificationPercent()).isEqualTo(400);
            assertThat(o.compressionType()).isEqualTo(CompressionType.LZ4_COMPRESSION);
            assertThat(handles).as("what RocksDB's backend closes with its options").hasSize(1);
        } finally {
            for (AutoCloseable h : handles) {
                h.close();
            }
        }
    }
}
