package io.bkm.alarm.job.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.bkm.alarm.job.config.JobSettings;
import io.bkm.alarm.job.io.KafkaInputs;
import io.bkm.alarm.model.RawMessage;
import io.bkm.localservices.LocalServices;
import io.bkm.localservices.TestServices;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A quiet input, as the job's sources read it: the broker holds their fetch for {@code
 * kafka.fetch-max-wait-ms} while nothing can be read, and must answer it as soon as a record is
 * committed, or that wait would be added to the time to page of every event that ends a quiet
 * spell.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QuietInputIT {
    private static final String TOPIC = "it_quiet_input";

    /** Far longer than a record may take, so a record that waited for the fetch to end shows. */
    private static final int FETCH_WAIT_MS = 30_000;

    private static final Duration READ_AT_ONCE = Duration.ofSeconds(5);

    private LocalServices svc;
    private KafkaTopics topics;

    @BeforeAll
    void topic() throws Exception {
        svc = TestServices.get();
        topics = new KafkaTopics(svc.kafkaBootstrap());
        topics.create(TOPIC, 2);
    }

    @Test
    void aRecordCommittedWhileTheSourceWaitsIsReadAtOnce() throws Exception {
        JobSettings s =
                JobRuns.settings(
                        svc,
                        "quiet_input",
                        TOPIC,
                        "--kafka.bounded",
                        "false",
                        "--kafka.fetch-max-wait-ms",
                        Integer.toString(FETCH_WAIT_MS));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
        try (CloseableIterator<RawMessage> read =
                env.fromSource(
                                KafkaInputs.source(s, TOPIC, "earliest", s.kafka().groupId()),
                                WatermarkStrategy.noWatermarks(),
                                "quiet input")
                        .uid("quiet-input")
                        .executeAndCollect()) {
            commit("first");
            assertThat(text(read.next())).isEqualTo("first"); // the source is up and fetching
            for (int i = 0; i < 3; i++) {
                Thread.sleep(2_000); // the source's fetch is now held by the broker
                String value = "after a quiet spell " + i;
                commit(value);
                long committed = System.nanoTime();
                RawMessage m = read.next();
                Duration took = Duration.ofNanos(System.nanoTime() - committed);
                assertThat(text(m)).isEqualTo(value);
                assertThat(took).isLessThan(READ_AT_ONCE);
            }
        }
    }

    /** The setting reaches the sources' consumers; the shipped wait is the one measured. */
    @Test
    void theSourcesAskTheBrokerToHoldTheirFetchForTheConfiguredWait() throws Exception {
        JobSettings shipped = JobRuns.settings(svc, "quiet_input_shipped", TOPIC);
        assertThat(shipped.kafka().fetchMaxWaitMs()).isEqualTo(5_000);
        assertThat(consumerProperty(KafkaInputs.source(shipped, TOPIC, "earliest", "g")))
                .isEqualTo("5000");
    }

    private void commit(String value) {
        topics.produceInTransaction(
                TOPIC, List.of(KafkaTopics.Message.of(null, value, System.currentTimeMillis())));
    }

    private static String text(RawMessage m) {
        return new String(m.value, StandardCharsets.UTF_8);
    }

    /** The connector keeps its consumer properties to itself; its test hook shows them. */
    private static String consumerProperty(KafkaSource<?> source) throws Exception {
        Method m = KafkaSource.class.getDeclaredMethod("getConfiguration");
        m.setAccessible(true);
        return ((Configuration) m.invoke(source)).toMap().get("fetch.max.wait.ms");
    }
}
