package io.bkm.alarm.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bkm.alarm.common.Secret;
import io.bkm.alarm.sinks.kafka.KafkaSecurity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets come from the environment or a file, never from the configuration's own text. */
class SecretsConfigTest {
    private static final Path CONF = Path.of("../conf/job.yaml");
    private static final String PW = "s3cr3t-\"quoted\\-value";

    @Test
    void aSecretIsReadFromTheEnvironmentOrAFileAndPrintsAsAPlaceholder(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("redis.pw");
        Files.writeString(file, PW + "\n");
        JobSettings s =
                JobSettings.from(
                        JobConfig.load(
                                        CONF,
                                        "--redis.password",
                                        "file:" + file,
                                        "--cmdb.redis-password",
                                        "env:BKM_TEST_CMDB_PW",
                                        "--kafka.security.protocol",
                                        "SASL_SSL",
                                        "--kafka.security.sasl-mechanism",
                                        "SCRAM-SHA-512",
                                        "--kafka.security.sasl-username",
                                        "alarm",
                                        "--kafka.security.sasl-password",
                                        "env:BKM_TEST_KAFKA_PW",
                                        "--kafka.security.truststore",
                                        "/etc/kafka/ca.p12",
                                        "--kafka.security.truststore-password",
                                        "env:BKM_TEST_KAFKA_PW")
                                .withEnvironment(
                                        Map.of(
                                                "BKM_TEST_CMDB_PW",
                                                "cmdb-pw",
                                                "BKM_TEST_KAFKA_PW",
                                                PW)));
        assertThat(s.redis().connection().password()).isEqualTo(Secret.of(PW));
        assertThat(s.cmdb().client().redis().password().reveal()).isEqualTo("cmdb-pw");
        Map<String, String> kafka = s.kafka().security().clientProperties();
        assertThat(kafka)
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("ssl.truststore.location", "/etc/kafka/ca.p12")
                .containsEntry("ssl.truststore.password", PW)
                .containsEntry(
                        "sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required"
                                + " username=\"alarm\" password=\"s3cr3t-\\\"quoted\\\\-value\";");
        assertThat(s.toString()).doesNotContain(PW).doesNotContain("cmdb-pw");
    }

    @Test
    void theShippedConfigurationHasNoSecretsAndNoLogin() {
        JobSettings s = JobSettings.from(JobConfig.load(CONF));
        assertThat(s.kafka().security()).isEqualTo(KafkaSecurity.NONE);
        assertThat(s.kafka().security().clientProperties())
                .containsOnly(Map.entry("security.protocol", "PLAINTEXT"));
        assertThat(s.redis().connection().password().isEmpty()).isTrue();
        assertThat(s.elasticsearch().connection().username()).isEmpty();
    }

    @Test
    void aSecretWrittenInPlaceOrMissingStopsStartUpWithoutShowingIt() {
        assertThatThrownBy(
                        () ->
                                JobSettings.from(
                                        JobConfig.load(CONF, "--elasticsearch.password", PW)))
                .isInstanceOf(JobConfig.ConfigException.class)
                .hasMessageContaining("'elasticsearch.password'")
                .hasMessageContaining("env:VARIABLE or file:PATH")
                .message()
                .doesNotContain(PW);
        assertThatThrownBy(
                        () ->
                                JobSettings.from(
                                        JobConfig.load(CONF, "--redis.password", "env:BKM_NOT_SET")
                                                .withEnvironment(Map.of())))
                .hasMessageContaining("'redis.password'")
                .hasMessageContaining("'BKM_NOT_SET', which is not set");
        assertThatThrownBy(
                        () ->
                                JobSettings.from(
                                        JobConfig.load(
                                                CONF,
                                                "--cmdb.api.app-secret",
                                                "file:/nonexistent/bkm-secret")))
                .hasMessageContaining("'cmdb.api.app-secret'")
                .hasMessageContaining("cannot be read");
    }

    @Test
    void saslWithoutAUserOrAKnownMechanismStopsStartUp() {
        assertThatThrownBy(
                        () ->
                                JobSettings.from(
                                        JobConfig.load(
                                                CONF,
                                                "--kafka.security.protocol",
                                                "SASL_PLAINTEXT",
                                                "--kafka.security.sasl-mechanism",
                                                "PLAIN")))
                .isInstanceOf(JobConfig.ConfigException.class)
                .hasMessageContaining("kafka.security")
                .hasMessageContaining("user name and a password");
        assertThatThrownBy(
                        () ->
                                JobSettings.from(
                                        JobConfig.load(CONF, "--kafka.security.protocol", "TLS")))
                .hasMessageContaining("'kafka.security.protocol'");
    }
}
