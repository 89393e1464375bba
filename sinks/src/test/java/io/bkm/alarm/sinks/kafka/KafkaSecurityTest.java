package io.bkm.alarm.sinks.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bkm.alarm.common.Secret;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaSecurityTest {
    /** A PLAIN login without TLS, with a trust store that only TLS would use. */
    private static KafkaSecurity plain(String user, Secret password) {
        return new KafkaSecurity(
                "SASL_PLAINTEXT",
                "PLAIN",
                user,
                password,
                "/ignored/without/tls.jks",
                "",
                Secret.of("store-pw"),
                "",
                "",
                Secret.NONE,
                Secret.NONE);
    }

    @Test
    void plainLoginWithoutTlsGivesNoStoreSettings() {
        Map<String, String> p = plain("alarm", Secret.of("pw")).clientProperties();
        assertThat(p)
                .containsOnlyKeys("security.protocol", "sasl.mechanism", "sasl.jaas.config")
                .containsEntry(
                        "sasl.jaas.config",
                        "org.apache.kafka.common.security.plain.PlainLoginModule required"
                                + " username=\"alarm\" password=\"pw\";");
    }

    @Test
    void mutualTlsGivesBothStoresAndNoSasl() {
        Map<String, String> p =
                new KafkaSecurity(
                                "SSL",
                                "",
                                "",
                                Secret.NONE,
                                "/etc/kafka/ca.jks",
                                "JKS",
                                Secret.of("ca-pw"),
                                "/etc/kafka/me.p12",
                                "PKCS12",
                                Secret.of("ks-pw"),
                                Secret.of("key-pw"))
                        .clientProperties();
        assertThat(p)
                .containsEntry("security.protocol", "SSL")
                .containsEntry("ssl.truststore.location", "/etc/kafka/ca.jks")
                .containsEntry("ssl.truststore.type", "JKS")
                .containsEntry("ssl.truststore.password", "ca-pw")
                .containsEntry("ssl.keystore.location", "/etc/kafka/me.p12")
                .containsEntry("ssl.keystore.type", "PKCS12")
                .containsEntry("ssl.keystore.password", "ks-pw")
                .containsEntry("ssl.key.password", "key-pw")
                .doesNotContainKey("sasl.jaas.config");
    }

    @Test
    void itPrintsWithoutItsSecretsAndRefusesAnUnknownMechanism() {
        KafkaSecurity s = plain("alarm", Secret.of("hunter2"));
        assertThat(s.toString()).contains("alarm").doesNotContain("hunter2");
        assertThatThrownBy(
                        () ->
                                new KafkaSecurity(
                                        "SASL_SSL",
                                        "GSSAPI",
                                        "alarm",
                                        Secret.of("pw"),
                                        "",
                                        "",
                                        Secret.NONE,
                                        "",
                                        "",
                                        Secret.NONE,
                                        Secret.NONE))
                .hasMessageContaining("PLAIN, SCRAM-SHA-256, SCRAM-SHA-512");
    }
}
