package io.bkm.alarm.sinks.common;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
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
 * <p>Version 4's layout: the count of writes, then their codec layout in blocks, each compressed on
 * its own ({@code [raw length][length][bytes]}).
 *
 * <p>Earlier layouts still restore: version 3 is the same with the codec's layout of then ({@link
 * WriteCodec#readVersion3}); version 2 is the list uncompressed, version 1 the releases that kept
 * one write per element (restored as a list of that one write); both in the codec's former layout
 * ({@link WriteCodec#readFormer}).
 *
 * @param <O> one pending write
 */
public final class PendingWritesSerializer<O> implements SimpleVersionedSerializer<List<O>> {
    private static final int ONE_WRITE = 1;
    private static final int BATCH = 2;
    private static final int COMPRESSED_BATCH = 3;
    private static final int COMPRESSED_BATCH_4 = 4;

    private static final LZ4Factory LZ4 = LZ4Factory.fastestInstance();
    private static final int BLOCK = 64 * 1024;

    private final WriteCodec<O> codec;

    public PendingWritesSerializer(WriteCodec<O> codec) {
        this.codec = codec;
    }

    @Override
    public int getVersion() {
        return COMPRESSED_BATCH_4;
    }

    @Override
    public byte[] serialize(List<O> writes) throws IOException {
        long size = 0;
        for (O w : writes) {
            size += codec.sizeHint(w);
        }
        // compressed JSON takes a fraction of its size; the buffer grows if it must
        DataOutputSerializer out = new DataOutputSerializer((int) Math.min(16 + size / 4, 1 << 28));
        out.writeInt(writes.size());
        Blocks blocks = new Blocks();
        for (O w : writes) {
            codec.write(w, blocks.raw);
            if (blocks.raw.length() >= BLOCK) {
                blocks.compressInto(out);
            }
        }
        blocks.compressInto(out);
        return out.length() == out.getSharedBuffer().length
                ? out.getSharedBuffer()
                : out.getCopyOfBuffer();
    }

    @Override
    public List<O> deserialize(int version, byte[] serialized) throws IOException {
        return switch (version) {
            case ONE_WRITE -> one(serialized);
            case BATCH -> batch(serialized, codec::readFormer);
            case COMPRESSED_BATCH -> batch(decompress(serialized), codec::readVersion3);
            case COMPRESSED_BATCH_4 -> batch(decompress(serialized), codec::read);
            default -> throw new IOException("unknown pending writes version " + version);
        };
    }

    private List<O> one(byte[] serialized) throws IOException {
        List<O> one = new ArrayList<>(1);
        one.add(codec.readFormer(new DataInputDeserializer(serialized)));
        return one;
    }

    /** Reads one write in one version's layout. */
    @FunctionalInterface
    private interface Layout<O> {
        O read(DataInputView in) throws IOException;
    }

    private List<O> batch(byte[] serialized, Layout<O> layout) throws IOException {
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        int count = in.readInt();
        if (count < 0 || count > in.available()) { // every write takes a byte at least
            throw new IOException("pending writes damaged: " + count + " writes");
        }
        List<O> writes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            writes.add(layout.read(in));
        }
        return writes;
    }

    /** The writes' count, then their layout decompressed block by block. */
    private static byte[] decompress(byte[] serialized) throws IOException {
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        DataOutputSerializer raw = new DataOutputSerializer(serialized.length * 4 + 4);
        raw.writeInt(in.readInt());
        LZ4SafeDecompressor lz4 = LZ4.safeDecompressor();
        byte[] block = new byte[BLOCK];
        while (in.available() > 0) {
            int rawLength = in.readInt();
            int length = in.readInt();
            if (rawLength < 0 || length < 0 || length > in.available()) {
                throw new IOException("pending writes cut short");
            }
            block = block.length < rawLength ? new byte[rawLength] : block;
            int n;
            try {
                n = lz4.decompress(serialized, in.getPosition(), length, block, 0, rawLength);
            } catch (LZ4Exception e) {
                throw new IOException("pending writes damaged: " + e.getMessage(), e);
            }
            if (n != rawLength) {
                throw new IOException("pending writes cut short: " + n + " of " + rawLength);
            }
            in.skipBytesToRead(length);
            raw.write(block, 0, rawLength);
        }
        return raw.getSharedBuffer();
    }

    /**
     * Writes gathered into blocks of about {@link #BLOCK} bytes, each compressed on its own: LZ4
     * looks back 64 KB at most, so larger blocks compress no better, and a checkpoint allocates a
     * block's worth instead of the whole uncompressed list (tens of MB under load, twice).
     */
    private static final class Blocks {
        final DataOutputSerializer raw = new DataOutputSerializer(BLOCK + 4096);
        private final LZ4Compressor lz4 = LZ4.fastCompressor();
        private byte[] compressed = new byte[lz4.maxCompressedLength(BLOCK + 4096)];

        /** Appends what was gathered as one block, {@code [raw length][length][bytes]}. */
        void compressInto(DataOutputSerializer out) throws IOException {
            int n = raw.length();
            if (n == 0) {
                return;
            }
            int max = lz4.maxCompressedLength(n);
            if (compressed.length < max) {
                compressed = new byte[max];
            }
            int length = lz4.compress(raw.getSharedBuffer(), 0, n, compressed, 0, max);
            out.writeInt(n);
            out.writeInt(length);
            out.write(compressed, 0, length);
            raw.clear();
        }
    }
}
