package io.bkm.alarm.job.config;

import io.bkm.alarm.sinks.es.ElasticsearchSinks;
import io.bkm.alarm.sinks.kafka.KafkaSinks;

/**
 * Every setting the job uses, read and validated at once so that start-up fails on the first bad
 * value and never halfway through building the graph.
 */
public record JobSettings(
        String jobName,
        int parallelism,
        int maxParallelism,
        long checkpointIntervalMs,
        long checkpointTimeoutMs,
        long checkpointMinPauseMs,
        String checkpointDir,
        int restartAttempts,
        long restartDelayMs,
        String kafkaBootstrap,
        String kafkaGroupId,
        String startingOffsets,
        boolean bounded,
        KafkaSinks.Settings kafkaSink,
        String ftaEventTopic,
        String alertTopic,
        String deadLetterTopic,
        ElasticsearchSinks.Settings elasticsearch,
        String alertIndex,
        int maxMessageBytes) {

    public static JobSettings from(JobConfig c) {
        String bootstrap = c.string("kafka.bootstrap-servers");
        return new JobSettings(
                c.string("job.name"),
                c.positiveInt("job.parallelism"),
                c.positiveInt("job.max-parallelism"),
                c.positiveLong("checkpoint.interval-ms"),
                c.positiveLong("checkpoint.timeout-ms"),
                c.positiveLong("checkpoint.min-pause-ms"),
                c.string("checkpoint.dir"),
                c.positiveInt("restart.attempts"),
                c.positiveLong("restart.delay-ms"),
                bootstrap,
                c.string("kafka.group-id"),
                c.oneOf("kafka.starting-offsets", "earliest", "latest", "committed"),
                c.bool("kafka.bounded"),
                new KafkaSinks.Settings(
                        bootstrap,
                        c.string("kafka.transactional-id-prefix"),
                        c.positiveLong("kafka.transaction-timeout-ms")),
                c.string("topics.fta-event"),
                c.string("topics.alert"),
                c.string("topics.dead-letter"),
                new ElasticsearchSinks.Settings(
                        c.list("elasticsearch.hosts"),
                        c.positiveInt("elasticsearch.bulk-max-actions"),
                        c.positiveLong("elasticsearch.bulk-flush-interval-ms"),
                        c.positiveInt("elasticsearch.bulk-backoff-retries"),
                        c.positiveLong("elasticsearch.bulk-backoff-delay-ms")),
                c.string("elasticsearch.index.alert"),
                c.positiveInt("input.max-message-bytes"));
    }
}
