package io.bkm.alarm.job.it;

import io.bkm.alarm.job.AlarmJob;
import io.bkm.alarm.job.Outputs;
import io.bkm.alarm.job.config.JobConfig;
import io.bkm.alarm.job.config.JobSettings;
import io.bkm.alarm.job.io.KafkaInputs;
import io.bkm.alarm.model.RawMessage;
import io.bkm.localservices.LocalServices;
import io.bkm.localservices.TestServices;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs the real job (real sources and sinks, {@code conf/job.yaml} with overrides) on a local
 * MiniCluster against the test services, reading its input topics to their end.
 */
public final class JobRuns {
    private JobRuns() {}

    /**
     * Settings for one run: every output topic and index gets the run's own name, so runs over the
     * same input can be compared.
     */
    public static JobSettings settings(
            LocalServices svc, String run, String inputTopic, String... extra) {
        Path root = TestServices.repoRoot();
        List<String> o =
                new ArrayList<>(
                        List.of(
                                "--kafka.bootstrap-servers",
                                svc.kafkaBootstrap(),
                                "--elasticsearch.hosts",
                                svc.elasticsearchUrl(),
                                "--kafka.bounded",
                                "true",
                                "--kafka.starting-offsets",
                                "earliest",
                                "--kafka.group-id",
                                run,
                                "--kafka.transactional-id-prefix",
                                run,
                                "--kafka.transaction-timeout-ms",
                                "60000",
                                "--topics.fta-event",
                                inputTopic,
                                "--topics.alert",
                                run + "_alert",
                                "--topics.dead-letter",
                                run + "_dead_letter",
                                "--elasticsearch.index.alert",
                                run + "_bkfta_alert",
                                "--elasticsearch.bulk-flush-interval-ms",
                                "200",
                                "--checkpoint.interval-ms",
                                "200",
                                "--checkpoint.min-pause-ms",
                                "50",
                                "--checkpoint.dir",
                                root.resolve("job/target/it-checkpoints/" + run).toUri().toString(),
                                "--restart.delay-ms",
                                "200"));
        o.addAll(List.of(extra));
        return JobSettings.from(
                JobConfig.load(root.resolve("conf/job.yaml"), o.toArray(new String[0])));
    }

    /** Builds and runs the job to completion; {@code tap} may insert a stage after the source. */
    public static void run(JobSettings s, UnaryOperator<DataStream<RawMessage>> tap)
            throws Exception {
        StreamExecutionEnvironment env = AlarmJob.environment(s);
        DataStream<RawMessage> input = tap.apply(KafkaInputs.ftaEvents(env, s));
        AlarmJob.defineWorkflow(input, Outputs.real(s), s);
        env.execute(s.jobName());
    }
}
