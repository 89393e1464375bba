package io.bkm.alarm.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.bkm.alarm.job.config.JobConfig;
import io.bkm.alarm.job.config.JobSettings;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.contrib.streaming.state.RocksDBConfigurableOptions;
import org.apache.flink.contrib.streaming.state.RocksDBKeyedStateBackend;
import org.apache.flink.contrib.streaming.state.RocksDBOptions;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.rocksdb.CompactionStyle;
import org.rocksdb.LiveFileMetaData;
import org.rocksdb.RocksDB;

/**
 * The shipped configuration compacts RocksDB's state in the universal style, with the job's own
 * compaction options; earlier releases shipped the leveled style and RocksDB's defaults. A job
 * resumed from an incremental checkpoint opens the checkpoint's files as they are, so files a
 * leveled compaction left below level 0 must open, read and compact under the new style.
 */
class ShippedRocksDbRestoreTest {
    private static final MapStateDescriptor<String, String> VALUES =
            new MapStateDescriptor<>("values", Types.STRING, Types.STRING);

    private static final int KEYS = 2_000;

    /** "key:value" puts the value under the key and emits "key=the value it replaced". */
    static final class Replace extends KeyedProcessFunction<String, String, String> {
        @Override
        public void processElement(String in, Context ctx, Collector<String> out) throws Exception {
            MapState<String, String> values = getRuntimeContext().getMapState(VALUES);
            String before = values.get("v");
            values.put("v", in.substring(in.indexOf(':') + 1));
            out.collect(ctx.getCurrentKey() + "=" + before);
        }
    }

    @Test
    void stateCompactedInTheLeveledStyleRestoresAndCompactsUnderTheShippedStyle() throws Exception {
        Configuration shipped =
                JobEnvironment.localConfiguration(
                        Path.of("../conf/flink"),
                        JobSettings.from(JobConfig.load(Path.of("../conf/job.yaml"))));
        assertThat(shipped.get(RocksDBConfigurableOptions.COMPACTION_STYLE))
                .isEqualTo(CompactionStyle.UNIVERSAL);
        assertThat(((EmbeddedRocksDBStateBackend) backend(shipped)).getRocksDBOptions())
                .isInstanceOf(RocksDbCompactionOptions.class);
        // as earlier releases shipped it: the leveled style and RocksDB's own compaction options
        Configuration leveled = new Configuration(shipped);
        leveled.set(RocksDBConfigurableOptions.COMPACTION_STYLE, CompactionStyle.LEVEL);
        leveled.removeConfig(RocksDBOptions.OPTIONS_FACTORY);

        OperatorSubtaskState checkpoint;
        try (var before = harness(backend(leveled))) {
            before.open();
            put(before, "old");
            RocksDBKeyedStateBackend<?> rocks = rocks(before);
            rocks.compactState(VALUES);
            assertThat(levels(rocks)).isNotEmpty().allMatch(level -> level > 0);
            checkpoint = before.snapshot(1L, 1L);
        }

        try (var after = harness(backend(shipped))) {
            after.initializeState(checkpoint);
            after.open();
            put(after, "new");
            assertThat(outputs(after)).hasSize(KEYS).allMatch(o -> o.contains("=old/"));
            rocks(after).compactState(VALUES);
            after.getOutput().clear();
            put(after, "newer");
            assertThat(outputs(after)).hasSize(KEYS).allMatch(o -> o.contains("=new/"));
        }
    }

    private static StateBackend backend(Configuration conf) {
        return new EmbeddedRocksDBStateBackend(true)
                .configure(conf, ShippedRocksDbRestoreTest.class.getClassLoader());
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, String, String> harness(
            StateBackend backend) throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new Replace()),
                        in -> in.substring(0, in.indexOf(':')),
                        Types.STRING);
        h.setStateBackend(backend);
        return h;
    }

    /** A value of about a kilobyte under every key, named {@code v}. */
    private static void put(
            KeyedOneInputStreamOperatorTestHarness<String, String, String> h, String v)
            throws Exception {
        String pad = "x".repeat(1_000);
        for (int k = 0; k < KEYS; k++) {
            h.processElement("k" + k + ":" + v + "/" + pad, 0L);
        }
    }

    private static List<String> outputs(
            KeyedOneInputStreamOperatorTestHarness<String, String, String> h) {
        return h.extractOutputValues();
    }

    private static RocksDBKeyedStateBackend<?> rocks(
            KeyedOneInputStreamOperatorTestHarness<String, String, String> h) {
        return (RocksDBKeyedStateBackend<?>) h.getOperator().getKeyedStateBackend();
    }

    /** The levels holding the values' files. */
    private static List<Integer> levels(RocksDBKeyedStateBackend<?> backend) throws Exception {
        Field db = RocksDBKeyedStateBackend.class.getDeclaredField("db");
        db.setAccessible(true);
        List<LiveFileMetaData> files = ((RocksDB) db.get(backend)).getLiveFilesMetaData();
        return files.stream()
                .filter(f -> new String(f.columnFamilyName()).equals(VALUES.getName()))
                .map(LiveFileMetaData::level)
                .collect(Collectors.toList());
    }
}
