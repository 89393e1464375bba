package io.bkm.alarm.sinks.kafka;

import io.bkm.alarm.apm.DiscoveryChange;
import io.bkm.alarm.apm.DiscoveryDocuments;
import io.bkm.alarm.model.Action;
import io.bkm.alarm.model.AlertChange;
import io.bkm.alarm.model.AlertOp;
import io.bkm.alarm.model.DeadLetter;
import io.bkm.alarm.model.Event;
import java.util.Properties;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;

/**
 * Transactional Kafka sinks: records become visible to read_committed readers only when the
 * checkpoint that covers them completes. Each closes cleanly after a stop with savepoint ({@link
 * StopSafeKafkaSink}).
 */
public final class KafkaSinks {
    /** Connection and transaction settings shared by every output topic. */
    public record Settings(
            String bootstrapServers,
            KafkaSecurity security,
            String transactionalIdPrefix,
            long transactionTimeoutMs)
            implements java.io.Serializable {}

    private KafkaSinks() {}

    /** {@code bkm_alert}: the alert document after every change, keyed by alert id. */
    public static Sink<AlertChange> alerts(Settings s, String topic) {
        return exactlyOnce(
                s,
                "alert",
                new JsonRecordSerializer<AlertChange>(topic, c -> c.id(), c -> c.document));
    }

    /** {@code bkm_action}: notices to carry out, keyed by alert id. */
    public static Sink<Action> actions(Settings s, String topic) {
        return exactlyOnce(s, "action", new JsonRecordSerializer<Action>(topic, a -> a.alertId));
    }

    /** {@code bkm_monitor_event}: triggered anomalies as monitor events, without a key. */
    public static Sink<Event> monitorEvents(Settings s, String topic) {
        return exactlyOnce(s, "monitor-event", new JsonRecordSerializer<Event>(topic, null));
    }

    /**
     * The job's own loop: releases of alerts from flow control, keyed by alert id, read back by the
     * alert state. Transactions let it read only releases of completed checkpoints.
     */
    public static Sink<AlertOp> alertQosReleases(Settings s, String topic) {
        return exactlyOnce(
                s, "alert-qos-release", new JsonRecordSerializer<AlertOp>(topic, op -> op.alertId));
    }

    /**
     * {@code bkm_apm_discover}: discovered APM entities' changes, keyed by entity id. A record
     * takes the time it is sent: its element's is a collector's batch time, which the broker
     * refuses when it is more than an hour ahead of its clock (and that would fail the job on every
     * replay).
     */
    public static Sink<DiscoveryChange> apmDiscoveries(Settings s, String topic) {
        return exactlyOnce(
                s,
                "apm-discover",
                new JsonRecordSerializer<DiscoveryChange>(
                        topic, c -> c.id, DiscoveryDocuments::changelog, false));
    }

    /** {@code bkm_dead_letter}, keyed by the source topic. */
    public static Sink<DeadLetter> deadLetters(Settings s, String topic) {
        return exactlyOnce(
                s, "dead-letter", new JsonRecordSerializer<DeadLetter>(topic, d -> d.sourceTopic));
    }

    /**
     * @param name distinguishes this sink's transactional ids from the other sinks' of the job
     */
    static <T> Sink<T> exactlyOnce(
            Settings s, String name, KafkaRecordSerializationSchema<T> serializer) {
        Properties props = s.security().applyTo(new Properties());
        // Must not exceed the broker's transaction.max.timeout.ms, or the producer is refused.
        props.setProperty("transaction.timeout.ms", Long.toString(s.transactionTimeoutMs()));
        props.setProperty("enable.idempotence", "true");
        props.setProperty("compression.type", "lz4");
        // Readers see records when the checkpoint's transaction commits, and the commit sends
        // what is lingering first: waiting longer for fuller batches costs no latency, and fewer,
        // larger requests cost the broker and the producer less per record.
        props.setProperty("linger.ms", "200");
        props.setProperty("batch.size", Integer.toString(256 * 1024));
        return StopSafeKafkaSink.of(
                KafkaSink.<T>builder()
                        .setBootstrapServers(s.bootstrapServers())
                        .setRecordSerializer(serializer)
                        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                        .setTransactionalIdPrefix(s.transactionalIdPrefix() + "-" + name)
                        .setKafkaProducerConfig(props)
                        .build());
    }
}
