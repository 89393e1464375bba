package io.bkm.alarm.job.config;

import io.bkm.alarm.sinks.kafka.KafkaSecurity;
import io.bkm.alarm.sinks.kafka.KafkaSinks;

/**
 * How the job reads and writes Kafka ({@code kafka.*}).
 *
 * @param startingOffsets earliest, latest or committed, for a start without a savepoint
 * @param bounded whether the sources stop at the offsets they found at start (tests, benchmarks)
 * @param partitionFetchBytes how much a source reads of one partition before its next turn
 * @param sink the transactional producers' settings, with the login every client shares
 */
public record KafkaSettings(
        String groupId,
        String startingOffsets,
        boolean bounded,
        int partitionFetchBytes,
        KafkaSinks.Settings sink) {

    /** The brokers every Kafka client of the job connects to, the producers' own. */
    public String bootstrapServers() {
        return sink.bootstrapServers();
    }

    /** How every Kafka client of the job logs in. */
    public KafkaSecurity security() {
        return sink.security();
    }

    static KafkaSettings from(JobConfig c) {
        return new KafkaSettings(
                c.string("kafka.group-id"),
                c.oneOf("kafka.starting-offsets", "earliest", "latest", "committed"),
                c.bool("kafka.bounded"),
                c.positiveInt("kafka.partition-fetch-bytes"),
                new KafkaSinks.Settings(
                        c.string("kafka.bootstrap-servers"),
                        security(c),
                        c.string("kafka.transactional-id-prefix"),
                        c.positiveLong("kafka.transaction-timeout-ms")));
    }

    /** Every Kafka client's login and TLS: {@code kafka.security.*}. */
    private static KafkaSecurity security(JobConfig c) {
        String k = "kafka.security.";
        try {
            return new KafkaSecurity(
                    c.oneOf(k + "protocol", KafkaSecurity.PROTOCOLS.toArray(String[]::new)),
                    c.optional(k + "sasl-mechanism"),
                    c.optional(k + "sasl-username"),
                    c.secret(k + "sasl-password"),
                    c.optional(k + "truststore"),
                    c.optional(k + "truststore-type"),
                    c.secret(k + "truststore-password"),
                    c.optional(k + "keystore"),
                    c.optional(k + "keystore-type"),
                    c.secret(k + "keystore-password"),
                    c.secret(k + "key-password"));
        } catch (IllegalArgumentException e) {
            throw new JobConfig.ConfigException(
                    "configuration keys 'kafka.security.*': " + e.getMessage());
        }
    }
}
