package io.bkm.alarm.sinks.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.bkm.alarm.model.AlertChange;
import io.bkm.alarm.model.AlertSummary;
import io.bkm.alarm.sinks.common.BatchSettings;
import io.bkm.alarm.sinks.common.TaskServices;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.streaming.runtime.tasks.TestProcessingTimeService;
import org.junit.jupiter.api.Test;

/**
 * What Redis is spared by a batch: each alert's versions in it become one write, its newest, in
 * whatever order they came. The shipped batch size (a second of versions under load) is worth only
 * that.
 */
class RedisAlertSinkTest {
    @Test
    void aBatchHoldsOneWritePerAlertItsNewestVersion() throws Exception {
        TestProcessingTimeService time = new TestProcessingTimeService();
        time.setCurrentTime(0);
        RedisSettings redis =
                new RedisSettings(
                        // never reached: nothing is sent before the batch is full or due
                        RedisConnection.open("127.0.0.1", 1, 0),
                        "bkm.alert",
                        1800,
                        7200,
                        new BatchSettings(5000, 1000, 1, 1));
        RedisAlertSink.Writer writer =
                new RedisAlertSink.Writer(
                        redis,
                        redis.batch(),
                        new TaskServices(
                                time, new ArrayDeque<>()::add, new UnregisteredMetricsGroup()));
        try {
            writer.write(version("a1", 1), null);
            writer.write(version("a1", 3), null);
            writer.write(version("b1", 1), null);
            writer.write(version("a1", 2), null); // late: the batch keeps 3

            List<List<AlertSnapshotWrites.Put>> held = writer.snapshotState(1);
            assertThat(held).hasSize(1);
            assertThat(held.get(0))
                    .extracting(AlertSnapshotWrites.Put::alertId, AlertSnapshotWrites.Put::version)
                    .containsExactlyInAnyOrder(tuple("a1", 3L), tuple("b1", 1L));
            assertThat(held.get(0))
                    .filteredOn(p -> p.alertId().equals("a1"))
                    .singleElement()
                    .extracting(p -> new String(p.json(), StandardCharsets.UTF_8))
                    .isEqualTo("{\"id\":\"a1\",\"version\":3}");
        } finally {
            writer.close();
        }
    }

    private static AlertChange version(String id, long version) {
        AlertChange c = new AlertChange();
        c.alert = new AlertSummary();
        c.alert.id = id;
        c.alert.dedupeMd5 = "md5-" + id;
        c.version = version;
        c.createTime = 1_700_000_000L;
        c.document =
                ("{\"id\":\"" + id + "\",\"version\":" + version + "}")
                        .getBytes(StandardCharsets.UTF_8);
        return c;
    }
}
