package io.bkm.alarm.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.bkm.alarm.common.ConfigCatchUp;
import io.bkm.alarm.common.EndOfInputKeyedProcessOperator;
import io.bkm.alarm.job.config.JobConfig;
import io.bkm.alarm.job.config.JobSettings;
import io.bkm.alarm.job.io.KafkaInputs;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.streaming.api.operators.SimpleOperatorFactory;
import org.junit.jupiter.api.Test;

/**
 * The keyed functions that settle what they hold at the end of the input and sit behind a watermark
 * that can go idle run on {@link EndOfInputKeyedProcessOperator}: on Flink's own operator a bounded
 * run could take records still on their way as late.
 */
class EndOfInputOperatorsTest {
    @Test
    void everyKeyedEventTimeFunctionBehindAQuietWatermarkWaitsForTheEndOfItsInput()
            throws Exception {
        JobSettings s = JobSettings.from(JobConfig.load(Path.of("../conf/job.yaml")));
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        JobEnvironment.jobConfiguration(s));
        AlarmJob.defineWorkflow(KafkaInputs.all(env, s, ConfigCatchUp.NONE), Outputs.real(s), s);
        Map<String, StreamNode> byUid =
                env.getStreamGraph(false).getStreamNodes().stream()
                        .filter(n -> n.getTransformationUID() != null)
                        .collect(Collectors.toMap(StreamNode::getTransformationUID, n -> n));
        for (String uid :
                new String[] {
                    Uids.NOTICE_CONVERGE,
                    Uids.DETECT_WINDOWS,
                    Uids.APM_TRACE,
                    Uids.APM_NODE,
                    Uids.APM_ENTITY
                }) {
            assertThat(byUid).containsKey(uid);
            assertThat(
                            ((SimpleOperatorFactory<?>) byUid.get(uid).getOperatorFactory())
                                    .getOperator())
                    .as(uid)
                    .isInstanceOf(EndOfInputKeyedProcessOperator.class);
        }
    }
}
