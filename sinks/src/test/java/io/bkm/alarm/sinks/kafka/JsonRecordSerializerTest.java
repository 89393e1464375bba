package io.bkm.alarm.sinks.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.bkm.alarm.apm.DiscoveryChange;
import io.bkm.alarm.apm.DiscoveryDocuments;
import io.bkm.alarm.model.Action;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class JsonRecordSerializerTest {
    private final JsonRecordSerializer<Action> serializer =
            new JsonRecordSerializer<>("bkm_action", a -> a.alertId);

    private static Action action() {
        Action a = new Action();
        a.id = "1716950040123.abnormal.1";
        a.alertId = "1716950040123";
        return a;
    }

    @Test
    void aRecordKeepsItsTimeAndIsKeyedAsTheContractSays() {
        ProducerRecord<byte[], byte[]> r = serializer.serialize(action(), null, 1_716_950_040_000L);
        assertThat(r.topic()).isEqualTo("bkm_action");
        assertThat(r.timestamp()).isEqualTo(1_716_950_040_000L);
        assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("1716950040123");
        assertThat(new String(r.value(), StandardCharsets.UTF_8))
                .contains("\"id\":\"1716950040123.abnormal.1\"");
    }

    @Test
    void aRecordReleasedAtTheEndOfABoundedInputTakesItsSendTime() {
        // the broker refuses Long.MAX_VALUE; null lets the producer stamp it
        assertThat(serializer.serialize(action(), null, Long.MAX_VALUE).timestamp()).isNull();
        assertThat(serializer.serialize(action(), null, null).timestamp()).isNull();
    }

    @Test
    void aDiscoveryChangeTakesItsSendTimeNotItsBatchTime() {
        DiscoveryChange c = new DiscoveryChange();
        c.op = "created";
        c.id = "3f786850e387550fdab836ed7e6dc881de23001b";
        c.doc = "{}";
        var apm =
                new JsonRecordSerializer<DiscoveryChange>(
                        "bkm_apm_discover", x -> x.id, DiscoveryDocuments::changelog, false);
        ProducerRecord<byte[], byte[]> r = apm.serialize(c, null, 4_102_444_800_000L);
        assertThat(r.timestamp()).as("hours ahead would be refused by the broker").isNull();
        assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(c.id);
    }
}
