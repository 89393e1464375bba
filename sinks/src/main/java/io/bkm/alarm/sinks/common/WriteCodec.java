package io.bkm.alarm.sinks.common;

import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * How a checkpoint holds one pending write. The layout is part of the checkpoint format: a change
 * to it needs a new {@link PendingWritesSerializer} version that still reads the old one.
 *
 * @param <O> one pending write
 */
public interface WriteCodec<O> {
    void write(O w, DataOutputView out) throws IOException;

    O read(DataInputView in) throws IOException;

    /**
     * Reads the layout of {@link PendingWritesSerializer}'s versions 1 and 2, for checkpoints and
     * savepoints of earlier releases; the same as {@link #readVersion3} unless the layout changed
     * with version 3.
     */
    default O readFormer(DataInputView in) throws IOException {
        return readVersion3(in);
    }

    /**
     * Reads the layout of {@link PendingWritesSerializer}'s version 3; the same as {@link #read}
     * unless the layout changed with version 4.
     */
    default O readVersion3(DataInputView in) throws IOException {
        return read(in);
    }

    /** About how many bytes {@link #write} takes, to size a checkpoint's buffer. */
    int sizeHint(O w);
}
