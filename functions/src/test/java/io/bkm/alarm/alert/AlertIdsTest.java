package io.bkm.alarm.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.bkm.alarm.fingerprint.Fingerprint;
import org.junit.jupiter.api.Test;

class AlertIdsTest {
    @Test
    void idIsTenDigitCreateTimeThenSequence() {
        assertThat(AlertIds.id(1_716_950_040L, 123)).isEqualTo("1716950040123");
        assertThat(AlertIds.id(5, 7)).isEqualTo("00000000057");
        assertThat(AlertIds.id(-5, 7)).isEqualTo(String.format("%010d%d", -5L, 7L));
    }

    @Test
    void anIdLeadsBackToItsFingerprintsKey() {
        String md5 = "7bf1b8b2bae7e42575892b6e794a0bde";
        String id = AlertIds.id(1_716_950_040L, AlertIds.sequence(md5, 3));
        assertThat(id).endsWith("03");
        assertThat(AlertIds.keyOfId(id)).isEqualTo(AlertIds.key(md5)).isEqualTo("7bf1b8b2bae7");
        assertThat(AlertIds.keyOfId("1716950040x1")).isNull();
        assertThat(AlertIds.keyOfId("17169500")).isNull();
    }

    @Test
    void aFingerprintThatIsNoLowerHexIsHashedFirst() {
        String own = "My-Dedupe-Key";
        assertThat(AlertIds.key(own))
                .isEqualTo(AlertIds.key(Fingerprint.ofScalar(own)))
                .matches("[0-9a-f]{1,12}");
        assertThat(AlertIds.key("7BF1B8B2BAE7E425"))
                .isEqualTo(AlertIds.key(Fingerprint.ofScalar("7BF1B8B2BAE7E425")));
        assertThat(AlertIds.key("7bf1b8b2bae")).isNotEqualTo("7bf1b8b2bae");
    }
}
