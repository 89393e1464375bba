package io.bkm.alarm.sinks.es;

import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/** A pending bulk write as a checkpoint holds it. */
final class BulkWriteSerializer implements SimpleVersionedSerializer<BulkWrite> {
    private static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(BulkWrite w) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(w.source().length + 256);
        out.writeUTF(w.index());
        out.writeUTF(w.id());
        out.writeUTF(w.actionLine());
        out.writeLong(w.version());
        out.writeBoolean(w.createOnly());
        out.writeInt(w.source().length);
        out.write(w.source());
        return out.getCopyOfBuffer();
    }

    @Override
    public BulkWrite deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException("unknown pending bulk write version " + version);
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        String index = in.readUTF();
        String id = in.readUTF();
        String actionLine = in.readUTF();
        long v = in.readLong();
        boolean createOnly = in.readBoolean();
        byte[] source = new byte[in.readInt()];
        in.readFully(source);
        return new BulkWrite(index, id, actionLine, source, v, createOnly);
    }
}
