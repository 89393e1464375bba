package io.bkm.alarm.sinks.common;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * A writer's pending writes as one element of its checkpointed state, LZ4-compressed.
 *
 * <p>One element: Flink's operator list state writes, and the checkpoint metadata records, one
 * offset per element, each a file-position call or an eight-byte write of its own; with thousands
 * of pending writes per checkpoint, one element per write cost more than the writes themselves.
 *
 * <p>Compressed: Flink copies operator list state into the checkpoint file one byte at a time (its
 * compression wrapper has no array write), so every byte of pending documents costs a few virtual
 * calls in each checkpoint it stays pending for. JSON documents of one kind compress several times
 * over, and LZ4 costs less per byte than the copy it spares.
 *
 * <p>Earlier layouts still restore: version 2 is the same list uncompressed, version 1 the releases
 * that kept one write per element, in the codec's layout (restored as a list of that one write).
 *
 * @param <O> one pending write
 */
public final class PendingWritesSerializer<O> implements SimpleVersionedSerializer<List<O>> {
    private static final int ONE_WRITE = 1;
    private static final int BATCH = 2;
    private static final int COMPRESSED_BATCH = 3;

    private static final LZ4Factory LZ4 = LZ4Factory.fastestInstance();

    private final WriteCodec<O> codec;

    public PendingWritesSerializer(WriteCodec<O> codec) {
        this.codec = codec;
    }

    @Override
    public int getVersion() {
        return COMPRESSED_BATCH;
    }

    @Override
    public byte[] serialize(List<O> writes) throws IOException {
        long size = 4;
        for (O w : writes) {
            size += codec.sizeHint(w);
        }
        DataOutputSerializer raw = new DataOutputSerializer((int) Math.min(size, 1 << 30));
        raw.writeInt(writes.size());
        for (O w : writes) {
            codec.write(w, raw);
        }
        LZ4Compressor lz4 = LZ4.fastCompressor();
        int rawLength = raw.length();
        byte[] out = new byte[4 + lz4.maxCompressedLength(rawLength)];
        int compressed = lz4.compress(raw.getSharedBuffer(), 0, rawLength, out, 4);
        out[0] = (byte) (rawLength >>> 24);
        out[1] = (byte) (rawLength >>> 16);
        out[2] = (byte) (rawLength >>> 8);
        out[3] = (byte) rawLength;
        return Arrays.copyOf(out, 4 + compressed);
    }

    @Override
    public List<O> deserialize(int version, byte[] serialized) throws IOException {
        return switch (version) {
            case ONE_WRITE -> one(serialized);
            case BATCH -> batch(serialized, true);
            case COMPRESSED_BATCH -> batch(decompress(serialized), false);
            default -> throw new IOException("unknown pending writes version " + version);
        };
    }

    private List<O> one(byte[] serialized) throws IOException {
        List<O> one = new ArrayList<>(1);
        one.add(codec.readFormer(new DataInputDeserializer(serialized)));
        return one;
    }

    private List<O> batch(byte[] serialized, boolean former) throws IOException {
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        int count = in.readInt();
        List<O> writes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            writes.add(former ? codec.readFormer(in) : codec.read(in));
        }
        return writes;
    }

    private static byte[] decompress(byte[] serialized) throws IOException {
        if (serialized.length < 4) {
            throw new IOException("pending writes cut short");
        }
        int rawLength = new DataInputDeserializer(serialized).readInt();
        byte[] raw = new byte[rawLength];
        LZ4SafeDecompressor lz4 = LZ4.safeDecompressor();
        int n;
        try {
            n = lz4.decompress(serialized, 4, serialized.length - 4, raw, 0, rawLength);
        } catch (LZ4Exception e) {
            throw new IOException("pending writes damaged: " + e.getMessage(), e);
        }
        if (n != rawLength) {
            throw new IOException("pending writes cut short: " + n + " of " + rawLength + " bytes");
        }
        return raw;
    }
}
