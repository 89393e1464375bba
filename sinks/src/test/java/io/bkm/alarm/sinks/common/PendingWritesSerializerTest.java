package io.bkm.alarm.sinks.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
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
        // the last one alone is larger than a compressed block
        List<String> writes = List.of("a", "", "告警", "b".repeat(10_000), "c".repeat(65_000));

        List<String> back =
                serializer.deserialize(serializer.getVersion(), serializer.serialize(writes));

        assertThat(back).containsExactlyElementsOf(writes);
        assertThat(serializer.deserialize(serializer.getVersion(), serializer.serialize(List.of())))
                .isEmpty();
    }

    @Test
    void documentsOfOneKindTakeAFractionOfTheirSizeInTheCheckpoint() throws IOException {
        List<String> writes = new ArrayList<>();
        int raw = 0;
        for (int i = 0; i < 1_000; i++) {
            String doc =
                    "{\"id\":\""
                            + (1_700_000_000L + i)
                            + "\",\"event\":{\"bk_biz_id\":2,"
                            + "\"alert_name\":\"CPU usage\",\"severity\":1}}";
            writes.add(doc);
            raw += doc.length();
        }

        byte[] serialized = serializer.serialize(writes);

        assertThat(serialized.length).isLessThan(raw / 3);
        assertThat(serializer.deserialize(serializer.getVersion(), serialized))
                .containsExactlyElementsOf(writes);
    }

    @Test
    void theFormerUncompressedListIsRestored() throws IOException {
        DataOutputSerializer former = new DataOutputSerializer(64);
        former.writeInt(2);
        TEXT.write("first", former);
        TEXT.write("second", former);

        assertThat(serializer.deserialize(2, former.getCopyOfBuffer()))
                .containsExactly("first", "second");
        assertThat(serializer.getVersion()).isNotEqualTo(2);
    }

    @Test
    void aCutShortElementIsRefused() throws IOException {
        byte[] serialized = serializer.serialize(List.of("a".repeat(1_000), "b"));

        assertThatThrownBy(
                        () ->
                                serializer.deserialize(
                                        serializer.getVersion(),
                                        Arrays.copyOf(serialized, serialized.length - 3)))
                .isInstanceOf(IOException.class);
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
    void aDamagedCountIsRefusedBeforeAnythingIsAllocatedForIt() throws IOException {
        DataOutputSerializer damaged = new DataOutputSerializer(16);
        damaged.writeInt(Integer.MAX_VALUE);
        TEXT.write("one", damaged);

        assertThatThrownBy(() -> serializer.deserialize(2, damaged.getCopyOfBuffer()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("damaged");
    }

    @Test
    void anUnknownVersionIsRefused() {
        assertThatThrownBy(() -> serializer.deserialize(99, new byte[0]))
                .isInstanceOf(IOException.class);
    }
}
