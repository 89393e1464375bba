package io.bkm.alarm.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

/**
 * The operators whose network outputs carry rare records send each one as it is made, with no
 * flusher thread; those on the path of every event keep the buffer timeout.
 */
class RareStreamsTest {
    @Test
    void rareOutputsFlushEveryRecordAndTheEventPathKeepsTheBufferTimeout() throws Exception {
        StreamExecutionEnvironment env = ShippedJobGraph.defined();
        Map<String, Long> timeouts = new TreeMap<>();
        for (StreamNode n : env.getStreamGraph(false).getStreamNodes()) {
            if (n.getTransformationUID() != null) {
                timeouts.put(n.getTransformationUID(), n.getBufferTimeout());
            }
        }
        for (String rare :
                new String[] {
                    Uids.SOURCE_CONFIG,
                    Uids.RESOLVE_NO_DATA_TARGETS,
                    Uids.SHIELD_CONFIG,
                    Uids.SHIELD_SCHEDULE,
                    Uids.APM_APP_CONFIG_KEYS,
                    Uids.PARSE_ALERT_OPS,
                    Uids.PARSE_ALERT_QOS_RELEASE
                }) {
            assertThat(timeouts).as(rare).containsEntry(rare, 0L);
        }
        for (String busy :
                new String[] {
                    Uids.PARSE_FTA_EVENT, Uids.ALERT_LIFECYCLE, Uids.ALERT_QOS, Uids.NOTICE
                }) {
            assertThat(timeouts.get(busy)).as(busy).isNotZero();
        }
    }
}
