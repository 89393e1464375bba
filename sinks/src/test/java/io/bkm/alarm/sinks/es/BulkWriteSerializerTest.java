package io.bkm.alarm.sinks.es;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BulkWriteSerializerTest {
    private final BulkWriteSerializer serializer = new BulkWriteSerializer();

    @Test
    void aPendingWriteComesBackAsItWent() throws IOException {
        BulkWrite w =
                new BulkWrite(
                        "bkfta_alert_20261202",
                        "17649000001",
                        "{\"index\":{\"_index\":\"bkfta_alert_20261202\",\"_id\":\"17649000001\"}}",
                        "{\"id\":\"17649000001\",\"名\":\"磁盘\"}".getBytes(StandardCharsets.UTF_8),
                        7,
                        false);

        BulkWrite back = serializer.deserialize(serializer.getVersion(), serializer.serialize(w));

        assertThat(back).usingRecursiveComparison().isEqualTo(w);
        assertThat(back.sourceLine()).isEqualTo(w.sourceLine());
    }

    @Test
    void anUnknownVersionIsRefused() {
        assertThatThrownBy(() -> serializer.deserialize(99, new byte[0]))
                .isInstanceOf(IOException.class);
    }
}
