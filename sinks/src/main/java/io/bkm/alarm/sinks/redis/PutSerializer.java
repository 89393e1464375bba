package io.bkm.alarm.sinks.redis;

import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/** A pending alert snapshot write as a checkpoint holds it. */
final class PutSerializer implements SimpleVersionedSerializer<AlertSnapshotWrites.Put> {
    private static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(AlertSnapshotWrites.Put p) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(p.json().length + 128);
        out.writeUTF(p.alertId());
        out.writeUTF(p.dedupeMd5());
        out.writeLong(p.version());
        out.writeLong(p.createTime());
        out.writeInt(p.json().length);
        out.write(p.json());
        return out.getCopyOfBuffer();
    }

    @Override
    public AlertSnapshotWrites.Put deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException("unknown pending snapshot write version " + version);
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        String alertId = in.readUTF();
        String dedupeMd5 = in.readUTF();
        long v = in.readLong();
        long createTime = in.readLong();
        byte[] json = new byte[in.readInt()];
        in.readFully(json);
        return new AlertSnapshotWrites.Put(alertId, dedupeMd5, v, createTime, json);
    }
}
