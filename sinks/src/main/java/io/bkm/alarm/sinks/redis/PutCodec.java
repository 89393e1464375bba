package io.bkm.alarm.sinks.redis;

import io.bkm.alarm.sinks.common.WriteCodec;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** A pending alert snapshot write as a checkpoint holds it. */
final class PutCodec implements WriteCodec<AlertSnapshotWrites.Put> {
    @Override
    public void write(AlertSnapshotWrites.Put p, DataOutputView out) throws IOException {
        out.writeUTF(p.alertId());
        out.writeUTF(p.dedupeMd5());
        out.writeLong(p.version());
        out.writeLong(p.createTime());
        out.writeInt(p.json().length);
        out.write(p.json());
    }

    @Override
    public AlertSnapshotWrites.Put read(DataInputView in) throws IOException {
        String alertId = in.readUTF();
        String dedupeMd5 = in.readUTF();
        long v = in.readLong();
        long createTime = in.readLong();
        byte[] json = new byte[in.readInt()];
        in.readFully(json);
        return new AlertSnapshotWrites.Put(alertId, dedupeMd5, v, createTime, json);
    }

    @Override
    public int sizeHint(AlertSnapshotWrites.Put p) {
        return p.json().length + p.alertId().length() + p.dedupeMd5().length() + 32;
    }
}
