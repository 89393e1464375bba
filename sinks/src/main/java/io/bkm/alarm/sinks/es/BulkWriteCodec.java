package io.bkm.alarm.sinks.es;

import io.bkm.alarm.sinks.common.WriteCodec;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** A pending bulk write as a checkpoint holds it. */
final class BulkWriteCodec implements WriteCodec<BulkWrite> {
    @Override
    public void write(BulkWrite w, DataOutputView out) throws IOException {
        out.writeUTF(w.index());
        out.writeUTF(w.id());
        out.writeUTF(w.actionLine());
        out.writeLong(w.version());
        out.writeBoolean(w.createOnly());
        out.writeInt(w.source().length);
        out.write(w.source());
    }

    @Override
    public BulkWrite read(DataInputView in) throws IOException {
        String index = in.readUTF();
        String id = in.readUTF();
        String actionLine = in.readUTF();
        long v = in.readLong();
        boolean createOnly = in.readBoolean();
        byte[] source = new byte[in.readInt()];
        in.readFully(source);
        return new BulkWrite(index, id, actionLine, source, v, createOnly);
    }

    @Override
    public int sizeHint(BulkWrite w) {
        return w.source().length
                + w.actionLine().length()
                + w.index().length()
                + w.id().length()
                + 32;
    }
}
