package io.bkm.alarm.sinks.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
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

    /**
     * A writer's pending list from checkpoint to checkpoint: its first batches written, a buffered
     * write replaced by a newer one, new writes behind; each checkpoint reads back as the list, and
     * what did not change is not encoded again.
     */
    @Test
    void writesPendingAcrossCheckpointsComeBackAsTheyAreAndAreEncodedOnce() throws IOException {
        int[] encoded = {0};
        WriteCodec<String> counting =
                new WriteCodec<>() {
                    @Override
                    public void write(String s, DataOutputView out) throws IOException {
                        encoded[0]++;
                        TEXT.write(s, out);
                    }

                    @Override
                    public String read(DataInputView in) throws IOException {
                        return TEXT.read(in);
                    }

                    @Override
                    public int sizeHint(String s) {
                        return s.length();
                    }
                };
        PendingWritesSerializer<String> checkpoints = new PendingWritesSerializer<>(counting);
        Random random = new Random(7);
        List<String> pending = new ArrayList<>();
        int made = 0;
        for (int round = 0; round < 300; round++) {
            pending.subList(0, random.nextInt(Math.min(pending.size(), 300) + 1)).clear();
            if (!pending.isEmpty() && random.nextInt(3) == 0) {
                int i = random.nextInt(pending.size());
                pending.set(i, pending.get(i) + "'"); // a newer version of one document
            }
            for (int n = random.nextInt(250); n > 0; n--) {
                pending.add(made++ + "-" + "x".repeat(random.nextInt(600)));
            }
            encoded[0] = 0;
            byte[] bytes = checkpoints.serialize(pending);
            assertThat(serializer.deserialize(serializer.getVersion(), bytes))
                    .as("checkpoint %d", round)
                    .containsExactlyElementsOf(pending);
        }

        // 1,000 writes pending; then the first 100 are written and 10 more come: those 10, and the
        // rest of the block the written ones began, are all that is encoded again
        pending.clear();
        for (int i = 0; i < 1_000; i++) {
            pending.add(i + "-" + "y".repeat(300));
        }
        checkpoints.serialize(pending);
        pending.subList(0, 100).clear();
        for (int i = 0; i < 10; i++) {
            pending.add("new-" + i);
        }
        encoded[0] = 0;
        byte[] bytes = checkpoints.serialize(pending);
        assertThat(serializer.deserialize(serializer.getVersion(), bytes))
                .containsExactlyElementsOf(pending);
        int perBlock = 64 * 1024 / 300;
        assertThat(encoded[0]).isBetween(10, 10 + perBlock);
    }

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
