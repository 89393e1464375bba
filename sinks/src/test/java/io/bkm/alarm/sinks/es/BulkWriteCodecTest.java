package io.bkm.alarm.sinks.es;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bkm.alarm.model.wire.Wire;
import io.bkm.alarm.sinks.common.PendingWritesSerializer;
import io.bkm.alarm.sinks.common.WriteCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;
import org.junit.jupiter.api.Test;

class BulkWriteCodecTest {
    private final PendingWritesSerializer<BulkWrite> serializer =
            new PendingWritesSerializer<>(new BulkWriteCodec());

    private static BulkWrite write(String id, long version) {
        return new BulkWrite(
                "bkfta_alert_20261202",
                id,
                ("{\"id\":\"" + id + "\",\"名\":\"磁盘\"}").getBytes(StandardCharsets.UTF_8),
                version,
                version == 0);
    }

    @Test
    void pendingWritesComeBackAsTheyWent() throws IOException {
        List<BulkWrite> writes =
                List.of(
                        write("17649000001", 7),
                        write("17649000002", 0),
                        BulkWrite.delete("bkm_apm_endpoint", "17649000003"));

        List<BulkWrite> back =
                serializer.deserialize(serializer.getVersion(), serializer.serialize(writes));

        assertThat(back).usingRecursiveFieldByFieldElementComparator().isEqualTo(writes);
        assertThat(back.get(0).sourceLine()).isEqualTo(writes.get(0).sourceLine());
        assertThat(back.get(2).isDelete()).isTrue();
    }

    /** The layout of the releases before compressed pending writes, field by field. */
    private static void writeFormer(BulkWrite w, DataOutputSerializer former) throws IOException {
        former.writeUTF(w.index());
        former.writeUTF(w.id());
        former.writeUTF(w.actionLine());
        former.writeLong(w.version());
        former.writeBoolean(w.createOnly());
        former.writeInt(w.source().length);
        former.write(w.source());
    }

    /** Version 3's layout, which kept the action line after the id. */
    private static final class Version3 implements WriteCodec<BulkWrite> {
        @Override
        public void write(BulkWrite w, DataOutputView out) throws IOException {
            Wire.bytes(w.index().getBytes(StandardCharsets.UTF_8), out);
            Wire.bytes(w.id().getBytes(StandardCharsets.UTF_8), out);
            Wire.bytes(w.actionLine().getBytes(StandardCharsets.UTF_8), out);
            out.writeLong(w.version());
            out.writeBoolean(w.createOnly());
            Wire.bytes(w.source(), out);
        }

        @Override
        public BulkWrite read(DataInputView in) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int sizeHint(BulkWrite w) {
            return 256;
        }
    }

    @Test
    void writesOfTheCompressedFormatWithActionLinesAreRestored() throws IOException {
        List<BulkWrite> writes = List.of(write("17649000006", 6), write("17649000007", 0));
        byte[] version3 = new PendingWritesSerializer<>(new Version3()).serialize(writes);

        List<BulkWrite> back = serializer.deserialize(3, version3);

        assertThat(back).usingRecursiveFieldByFieldElementComparator().isEqualTo(writes);
        assertThat(back.get(0).actionLine())
                .isEqualTo(
                        "{\"index\":{\"_index\":\"bkfta_alert_20261202\",\"_id\":\"17649000006\","
                                + "\"version\":6,\"version_type\":\"external\"}}");
        assertThat(back.get(1).actionLine())
                .isEqualTo(
                        "{\"create\":{\"_index\":\"bkfta_alert_20261202\","
                                + "\"_id\":\"17649000007\"}}");
    }

    @Test
    void aCheckpointOfThisLayoutIsSmallerThanOneWithActionLines() throws IOException {
        List<BulkWrite> writes = new java.util.ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            writes.add(write(String.valueOf(17649000000L + i * 7919L), i));
        }
        int now = serializer.serialize(writes).length;
        int version3 = new PendingWritesSerializer<>(new Version3()).serialize(writes).length;

        assertThat(now).isLessThan(version3);
    }

    @Test
    void aWriteOfTheOneWritePerElementFormatIsRestored() throws IOException {
        BulkWrite w = write("17649000003", 3);
        DataOutputSerializer former = new DataOutputSerializer(256);
        writeFormer(w, former);

        assertThat(serializer.deserialize(1, former.getCopyOfBuffer()))
                .usingRecursiveFieldByFieldElementComparator()
                .containsExactly(w);
    }

    @Test
    void writesOfTheUncompressedListFormatAreRestored() throws IOException {
        List<BulkWrite> writes = List.of(write("17649000004", 4), write("17649000005", 0));
        DataOutputSerializer former = new DataOutputSerializer(256);
        former.writeInt(writes.size());
        for (BulkWrite w : writes) {
            writeFormer(w, former);
        }

        assertThat(serializer.deserialize(2, former.getCopyOfBuffer()))
                .usingRecursiveFieldByFieldElementComparator()
                .isEqualTo(writes);
    }

    @Test
    void aWriteWithAFieldMissingIsRefusedAsDamaged() throws IOException {
        DataOutputSerializer damaged = new DataOutputSerializer(16);
        damaged.writeInt(-1); // the index, missing

        assertThatThrownBy(
                        () ->
                                new BulkWriteCodec()
                                        .read(new DataInputDeserializer(damaged.getCopyOfBuffer())))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("damaged");
    }
}
