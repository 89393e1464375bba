package io.bkm.alarm.sinks.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;
import org.junit.jupiter.api.Test;

class PendingWritesSerializerTest {
    private static final WriteCodec<String> TEXT =
            new WriteCodec<>() {
                @Override
                public void write(String s, DataOutputView out) throws IOException {
                    out.writeUTF(s);
                }

                @Override
                public String read(DataInputView in) throws IOException {
                    return in.readUTF();
                }

                @Override
                public int sizeHint(String s) {
                    return 2; // too small: the buffer grows
                }
            };

    private final PendingWritesSerializer<String> serializer = new PendingWritesSerializer<>(TEXT);

    @Test
    void pendingWritesComeBackInTheirOrder() throws IOException {
        List<String> writes = List.of("a", "", "告警", "b".repeat(10_000));

        List<String> back =
                serializer.deserialize(serializer.getVersion(), serializer.serialize(writes));

        assertThat(back).containsExactlyElementsOf(writes);
        assertThat(serializer.deserialize(serializer.getVersion(), serializer.serialize(List.of())))
                .isEmpty();
    }

    @Test
    void anElementOfTheFormerOneWritePerElementFormatIsRestoredAsThatWrite() throws IOException {
        DataOutputSerializer former = new DataOutputSerializer(64);
        TEXT.write("pending before the upgrade", former);

        assertThat(serializer.deserialize(1, former.getCopyOfBuffer()))
                .containsExactly("pending before the upgrade");
        assertThat(serializer.getVersion()).isNotEqualTo(1);
    }

    @Test
    void anUnknownVersionIsRefused() {
        assertThatThrownBy(() -> serializer.deserialize(99, new byte[0]))
                .isInstanceOf(IOException.class);
    }
}
