package io.bkm.alarm.job;

import io.bkm.alarm.job.config.JobConfig;
import io.bkm.alarm.job.config.JobSettings;
import io.bkm.alarm.job.io.KafkaInputs;
import io.bkm.alarm.job.io.ServiceLogins;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Entry point for {@code flink run job/target/bkm-alarm-job.jar --config conf/job.yaml} and for
 * local MiniCluster runs ({@code scripts/run-local.sh}).
 */
public final class AlarmJobMain {
    private AlarmJobMain() {}

    public static void main(String[] args) throws Exception {
        System.out.println("bkm-alarm " + BuildVersion.get());
        JobSettings settings;
        try {
            settings = JobSettings.from(JobConfig.fromArgs(args));
            ServiceLogins.verify(settings);
        } catch (JobConfig.ConfigException e) {
            System.err.println("bkm-alarm: configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        JobEnvironment.prepareOutputs(settings);
        StreamExecutionEnvironment env = JobEnvironment.environment(settings);
        AlarmJob.defineWorkflow(KafkaInputs.all(env, settings), Outputs.real(settings), settings);
        env.execute(settings.job().name());
    }
}
