package io.bkm.alarm.model.wire;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A serializer of one record type written field by field ({@link Wire}); records are mutable. It
 * keeps buffers and delegates, so each thread gets its own ({@link #duplicate}).
 */
public abstract class WireSerializer<T> extends TypeSerializer<T> {
    private transient DataOutputSerializer copyBuffer;
    private transient WireStrings repeated;

    /** This instance's strings that repeat from record to record (not ids, which never do). */
    protected final WireStrings repeated() {
        if (repeated == null) {
            repeated = new WireStrings();
        }
        return repeated;
    }

    @Override
    public TypeSerializer<T> duplicate() {
        try {
            return getClass().getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass();
    }

    @Override
    public int hashCode() {
        return getClass().hashCode();
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public T copy(T from) {
        if (from == null) {
            return null;
        }
        try {
            if (copyBuffer == null) {
                copyBuffer = new DataOutputSerializer(1024);
            }
            copyBuffer.clear();
            serialize(from, copyBuffer);
            return deserialize(
                    new org.apache.flink.core.memory.DataInputDeserializer(
                            copyBuffer.getSharedBuffer(), 0, copyBuffer.length()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot copy a " + from.getClass().getSimpleName(), e);
        }
    }

    @Override
    public T copy(T from, T reuse) {
        return copy(from);
    }

    @Override
    public T deserialize(T reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }
}
