package io.bkm.alarm.sinks.common;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * A writer's pending writes as one element of its checkpointed state. Flink's operator list state
 * writes, and the checkpoint metadata records, one offset per element, each a file-position call or
 * an eight-byte write of its own: with thousands of pending writes per checkpoint, one element per
 * write cost more than the writes themselves.
 *
 * <p>Version 1 is the format of the releases that kept one write per element, in the codec's
 * layout: such an element is restored as a list of that one write, so their checkpoints and
 * savepoints still restore.
 *
 * @param <O> one pending write
 */
public final class PendingWritesSerializer<O> implements SimpleVersionedSerializer<List<O>> {
    private static final int ONE_WRITE = 1;
    private static final int BATCH = 2;

    private final WriteCodec<O> codec;

    public PendingWritesSerializer(WriteCodec<O> codec) {
        this.codec = codec;
    }

    @Override
    public int getVersion() {
        return BATCH;
    }

    @Override
    public byte[] serialize(List<O> writes) throws IOException {
        long size = 4;
        for (O w : writes) {
            size += codec.sizeHint(w);
        }
        DataOutputSerializer out = new DataOutputSerializer((int) Math.min(size, 1 << 30));
        out.writeInt(writes.size());
        for (O w : writes) {
            codec.write(w, out);
        }
        return out.length() == out.getSharedBuffer().length
                ? out.getSharedBuffer()
                : out.getCopyOfBuffer();
    }

    @Override
    public List<O> deserialize(int version, byte[] serialized) throws IOException {
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        if (version == ONE_WRITE) {
            List<O> one = new ArrayList<>(1);
            one.add(codec.read(in));
            return one;
        }
        if (version != BATCH) {
            throw new IOException("unknown pending writes version " + version);
        }
        int count = in.readInt();
        List<O> writes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            writes.add(codec.read(in));
        }
        return writes;
    }
}
