package io.bkm.alarm.job;

import io.bkm.alarm.common.ConfigCatchUp;
import io.bkm.alarm.job.config.JobConfig;
import io.bkm.alarm.job.config.JobSettings;
import io.bkm.alarm.job.io.KafkaInputs;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The job's graph as the shipped configuration defines it, for tests that inspect the graph. */
final class ShippedJobGraph {
    private ShippedJobGraph() {}

    /** An environment holding the whole job, on Kafka sources and the real writers. */
    static StreamExecutionEnvironment defined() throws IOException {
        JobSettings s = JobSettings.from(JobConfig.load(Path.of("../conf/job.yaml")));
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        JobEnvironment.jobConfiguration(s));
        AlarmJob.defineWorkflow(KafkaInputs.all(env, s, ConfigCatchUp.NONE), Outputs.real(s), s);
        return env;
    }
}
