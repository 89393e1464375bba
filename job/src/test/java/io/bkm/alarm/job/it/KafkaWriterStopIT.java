package io.bkm.alarm.job.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bkm.alarm.model.DeadLetter;
import io.bkm.alarm.model.RawMessage;
import io.bkm.alarm.sinks.kafka.KafkaSecurity;
import io.bkm.alarm.sinks.kafka.KafkaSinks;
import io.bkm.alarm.sinks.kafka.StopSafeKafkaSink;
import io.bkm.localservices.LocalServices;
import io.bkm.localservices.TestServices;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.io.SimpleVersionedSerializerTypeSerializerProxy;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessageSerializer;
import org.apache.flink.streaming.runtime.operators.sink.SinkWriterOperatorFactory;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TransactionAbortedException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A stop with savepoint, as a Kafka writer sees it, against the real broker: a checkpoint, then a
 * record emitted after it (by a timer or an async result), then the close that ends the task. The
 * close aborts the transaction that record is in; the stop must not fail for that.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaWriterStopIT {
    private static final String TOPIC = "it_writer_stop";
    private LocalServices svc;

    @BeforeAll
    void services() throws Exception {
        svc = TestServices.get();
        new KafkaTopics(svc.kafkaBootstrap()).create(TOPIC, 1);
    }

    /** Why the wrapper exists: the connector's writer fails its close over the aborted record. */
    @Test
    void theConnectorsWriterFailsToCloseOverARecordAfterTheCheckpoint() {
        assertThatThrownBy(() -> checkpointWriteAndClose(lingering("raw", new Properties())))
                .isInstanceOf(IOException.class)
                .hasRootCauseInstanceOf(TransactionAbortedException.class);
    }

    @Test
    void theJobsWriterClosesCleanlyOverARecordAfterTheCheckpoint() {
        assertThatCode(
                        () ->
                                checkpointWriteAndClose(
                                        StopSafeKafkaSink.of(lingering("safe", new Properties()))))
                .doesNotThrowAnyException();
    }

    @Test
    void theShippedSinksCloseCleanlyOverARecordAfterTheCheckpoint() {
        Sink<DeadLetter> shipped =
                KafkaSinks.deadLetters(
                        new KafkaSinks.Settings(
                                svc.kafkaBootstrap(),
                                KafkaSecurity.NONE,
                                "it-stop-shipped",
                                60_000),
                        TOPIC);
        DeadLetter letter =
                DeadLetter.of(new RawMessage(TOPIC, 0, 0, 0, new byte[] {'x'}), "test", "a letter");
        assertThatCode(() -> checkpointWriteAndClose(shipped, letter, letter))
                .doesNotThrowAnyException();
    }

    /** Any other failure of the writer still fails the task. */
    @Test
    void aFailedSendStillFailsTheClose() {
        Properties small = new Properties();
        small.setProperty("max.request.size", "1024");
        String tooLarge = "x".repeat(4096);
        assertThatThrownBy(
                        () ->
                                checkpointWriteAndClose(
                                        StopSafeKafkaSink.of(lingering("large", small)),
                                        "before",
                                        tooLarge))
                .isInstanceOf(IOException.class)
                .hasRootCauseInstanceOf(RecordTooLargeException.class);
    }

    private static void checkpointWriteAndClose(Sink<String> sink) throws Exception {
        checkpointWriteAndClose(sink, "before", "after");
    }

    /** A record, a checkpoint (which sends it), a record after it, and the task's close. */
    private static <T> void checkpointWriteAndClose(Sink<T> sink, T before, T after)
            throws Exception {
        OneInputStreamOperatorTestHarness<T, CommittableMessage<Object>> harness =
                new OneInputStreamOperatorTestHarness<>(new SinkWriterOperatorFactory<>(sink));
        @SuppressWarnings("unchecked")
        SimpleVersionedSerializer<Object> committables =
                ((SupportsCommitter<Object>) sink).getCommittableSerializer();
        harness.setup(
                new SimpleVersionedSerializerTypeSerializerProxy<>(
                        () -> new CommittableMessageSerializer<>(committables)));
        try {
            harness.open();
            harness.processElement(before, 1);
            harness.prepareSnapshotPreBarrier(1);
            harness.snapshot(1, 1);
            assertThat(harness.extractOutputValues())
                    .as("the checkpoint's committable")
                    .isNotEmpty();
            harness.processElement(after, 2);
        } finally {
            harness.close();
        }
    }

    /** The connector's sink, its producer lingering long enough that a close finds its records. */
    private KafkaSink<String> lingering(String name, Properties extra) {
        Properties props = new Properties();
        props.setProperty("transaction.timeout.ms", "60000");
        props.setProperty("linger.ms", "600000");
        props.putAll(extra);
        return KafkaSink.<String>builder()
                .setBootstrapServers(svc.kafkaBootstrap())
                .setRecordSerializer(
                        (KafkaRecordSerializationSchema<String>)
                                (value, context, timestamp) ->
                                        new ProducerRecord<>(
                                                TOPIC, value.getBytes(StandardCharsets.UTF_8)))
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix("it-stop-" + name + "-" + System.nanoTime())
                .setKafkaProducerConfig(props)
                .build();
    }
}
