package io.bkm.alarm.sinks.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PutSerializerTest {
    @Test
    void aPendingSnapshotComesBackAsItWent() throws IOException {
        PutSerializer serializer = new PutSerializer();
        AlertSnapshotWrites.Put p =
                new AlertSnapshotWrites.Put(
                        "17649000001",
                        "0123456789abcdef0123456789abcdef",
                        4,
                        1_764_900_000L,
                        "{\"id\":\"17649000001\"}".getBytes(StandardCharsets.UTF_8));

        AlertSnapshotWrites.Put back =
                serializer.deserialize(serializer.getVersion(), serializer.serialize(p));

        assertThat(back).usingRecursiveComparison().isEqualTo(p);
    }
}
