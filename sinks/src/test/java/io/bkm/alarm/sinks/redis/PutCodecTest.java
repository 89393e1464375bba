package io.bkm.alarm.sinks.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.bkm.alarm.sinks.common.PendingWritesSerializer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class PutCodecTest {
    private final PendingWritesSerializer<AlertSnapshotWrites.Put> serializer =
            new PendingWritesSerializer<>(new PutCodec());

    private static AlertSnapshotWrites.Put put(String id, long version) {
        return new AlertSnapshotWrites.Put(
                id,
                "0123456789abcdef0123456789abcdef",
                version,
                1_764_900_000L,
                ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void pendingSnapshotsComeBackAsTheyWent() throws IOException {
        List<AlertSnapshotWrites.Put> puts = List.of(put("17649000001", 4), put("17649000002", 1));

        List<AlertSnapshotWrites.Put> back =
                serializer.deserialize(serializer.getVersion(), serializer.serialize(puts));

        assertThat(back).usingRecursiveFieldByFieldElementComparator().isEqualTo(puts);
    }

    /** The layout the releases with one write per state element wrote, field by field. */
    @Test
    void aSnapshotOfTheFormerFormatIsRestored() throws IOException {
        AlertSnapshotWrites.Put p = put("17649000003", 2);
        DataOutputSerializer former = new DataOutputSerializer(256);
        former.writeUTF(p.alertId());
        former.writeUTF(p.dedupeMd5());
        former.writeLong(p.version());
        former.writeLong(p.createTime());
        former.writeInt(p.json().length);
        former.write(p.json());

        assertThat(serializer.deserialize(1, former.getCopyOfBuffer()))
                .usingRecursiveFieldByFieldElementComparator()
                .containsExactly(p);
    }
}
