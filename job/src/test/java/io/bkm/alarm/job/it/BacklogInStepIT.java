package io.bkm.alarm.job.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.bkm.alarm.job.config.JobSettings;
import io.bkm.alarm.job.io.KafkaInputs;
import io.bkm.alarm.model.RawMessage;
import io.bkm.localservices.LocalServices;
import io.bkm.localservices.TestServices;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A backlog of compressed records on several partitions, as the job's sources read it: the
 * partitions must stay in step, or the watermark (the slowest partition's) stands still while one
 * partition is read after another.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BacklogInStepIT {
    private static final String TOPIC = "it_backlog_in_step";
    private static final int PARTITIONS = 4;
    private static final int PER_PARTITION = 40_000;

    private LocalServices svc;

    @BeforeAll
    void backlog() throws Exception {
        svc = TestServices.get();
        KafkaTopics topics = new KafkaTopics(svc.kafkaBootstrap());
        topics.create(TOPIC, PARTITIONS);
        // compressed, in large batches, as the end-to-end benchmark writes its backlog; the
        // records compress to under 30 bytes, so Kafka's 1 MB fetch holds a whole partition
        Map<String, String> batched =
                Map.of("compression.type", "lz4", "batch.size", "262144", "linger.ms", "50");
        Random random = new Random(7);
        List<ProducerRecord<byte[], byte[]>> backlog = new ArrayList<>();
        for (int i = 0; i < PER_PARTITION; i++) {
            for (int partition = 0; partition < PARTITIONS; partition++) {
                String id = Long.toHexString(random.nextLong());
                String value =
                        "{\"event\":{\"id\":\""
                                + id
                                + "\",\"alert_name\":\"disk full\",\"target\":\"10.0.0."
                                + i % 250
                                + "\",\"severity\":2,\"status\":\"ABNORMAL\"}}";
                backlog.add(
                        new ProducerRecord<>(
                                TOPIC,
                                partition,
                                id.getBytes(StandardCharsets.UTF_8),
                                value.getBytes(StandardCharsets.UTF_8)));
            }
        }
        topics.produce(backlog, batched);
    }

    /** A partition's turn is a fetch of it: none gets more than about two turns ahead. */
    @Test
    void theShippedSourceReadsTheBacklogsPartitionsInStep() throws Exception {
        assertThat(spread(read(JobRuns.settings(svc, "in_step_shipped", TOPIC))))
                .isLessThan(PER_PARTITION / 8);
    }

    /** Why the job sets its fetch size: with Kafka's, a partition is read whole before the next. */
    @Test
    void withKafkasDefaultFetchSizeOnePartitionIsReadWholeBeforeTheNext() throws Exception {
        JobSettings s =
                JobRuns.settings(
                        svc, "in_step_default", TOPIC, "--kafka.partition-fetch-bytes", "1048576");
        assertThat(spread(read(s))).isGreaterThan(PER_PARTITION / 2);
    }

    /** The partition of every record, in the order the source emits them. */
    private static List<Integer> read(JobSettings s) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
        List<Integer> order = new ArrayList<>();
        env.fromSource(
                        KafkaInputs.source(s, TOPIC, "earliest", s.kafka().groupId()),
                        WatermarkStrategy.noWatermarks(),
                        "backlog")
                .uid("backlog")
                .map(new BusyJob())
                .uid("partitions")
                .executeAndCollect()
                .forEachRemaining(order::add);
        int[] perPartition = new int[PARTITIONS];
        order.forEach(partition -> perPartition[partition]++);
        assertThat(perPartition).containsOnly(PER_PARTITION);
        return order;
    }

    /**
     * A job slower than Kafka, as in any backlog: the source's consumer is asked for more only as
     * the job takes what it has. (A consumer that asks again before its last fetch is answered
     * reads its partitions unevenly in another way, whatever the fetch size.)
     */
    private static final class BusyJob implements MapFunction<RawMessage, Integer> {
        private long taken;

        @Override
        public Integer map(RawMessage m) throws InterruptedException {
            if (++taken % 100 == 0) {
                Thread.sleep(2);
            }
            return m.partition;
        }
    }

    /** The most records one partition was ahead of another at any point of the read. */
    private static int spread(List<Integer> order) {
        int[] read = new int[PARTITIONS];
        int most = 0;
        for (int partition : order) {
            read[partition]++;
            int max = Integer.MIN_VALUE;
            int min = Integer.MAX_VALUE;
            for (int n : read) {
                max = Math.max(max, n);
                min = Math.min(min, n);
            }
            most = Math.max(most, max - min);
        }
        return most;
    }
}
