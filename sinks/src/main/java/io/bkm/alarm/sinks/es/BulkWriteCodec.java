package io.bkm.alarm.sinks.es;

import io.bkm.alarm.model.wire.Wire;
import io.bkm.alarm.sinks.common.WriteCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A pending bulk write as a checkpoint holds it. Its strings go as UTF-8 bytes, which the JDK
 * copies in bulk; the layout of versions 1 and 2 wrote them with {@code writeUTF}, a character at a
 * time, and under load that was the largest part of a checkpoint's work on the task thread. The
 * action line, which versions 1 to 3 kept, is made again from the other fields.
 */
final class BulkWriteCodec implements WriteCodec<BulkWrite> {
    @Override
    public void write(BulkWrite w, DataOutputView out) throws IOException {
        Wire.bytes(w.index().getBytes(StandardCharsets.UTF_8), out);
        Wire.bytes(w.id().getBytes(StandardCharsets.UTF_8), out);
        out.writeLong(w.version());
        out.writeBoolean(w.createOnly());
        Wire.bytes(w.source(), out);
    }

    @Override
    public BulkWrite read(DataInputView in) throws IOException {
        String index = text(in);
        String id = text(in);
        long v = in.readLong();
        boolean createOnly = in.readBoolean();
        // no source: a delete (written only by this layout)
        return new BulkWrite(index, id, Wire.bytes(in), v, createOnly);
    }

    @Override
    public BulkWrite readVersion3(DataInputView in) throws IOException {
        String index = text(in);
        String id = text(in);
        present(in); // the action line
        long v = in.readLong();
        boolean createOnly = in.readBoolean();
        return new BulkWrite(index, id, present(in), v, createOnly);
    }

    @Override
    public BulkWrite readFormer(DataInputView in) throws IOException {
        String index = in.readUTF();
        String id = in.readUTF();
        in.readUTF(); // the action line
        long v = in.readLong();
        boolean createOnly = in.readBoolean();
        return new BulkWrite(index, id, present(in), v, createOnly);
    }

    @Override
    public int sizeHint(BulkWrite w) {
        return (w.isDelete() ? 0 : w.source().length) + w.index().length() + w.id().length() + 24;
    }

    private static String text(DataInputView in) throws IOException {
        return new String(present(in), StandardCharsets.UTF_8);
    }

    /** A write always has all its fields: a missing one means damaged state. */
    private static byte[] present(DataInputView in) throws IOException {
        byte[] b = Wire.bytes(in);
        if (b == null) {
            throw new IOException("pending bulk write damaged: a field is missing");
        }
        return b;
    }
}
