package io.bkm.alarm.job.config;

import io.bkm.alarm.alert.AlertTimes;
import io.bkm.alarm.cmdb.CmdbKeys;
import io.bkm.alarm.cmdb.RetryingCmdbFunction;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.gse.GseEventParser;
import io.bkm.alarm.model.DataSource;
import io.bkm.alarm.notice.NoticeConvergeFunction;
import io.bkm.alarm.report.DataSources;
import io.bkm.alarm.sinks.common.BatchSettings;
import io.bkm.alarm.sinks.es.ElasticsearchConnection;
import io.bkm.alarm.sinks.es.ElasticsearchSettings;
import io.bkm.alarm.sinks.kafka.KafkaSecurity;
import io.bkm.alarm.sinks.kafka.KafkaSinks;
import io.bkm.alarm.sinks.redis.RedisConnection;
import io.bkm.alarm.sinks.redis.RedisSettings;
import io.bkm.alarm.strategy.Strategies;
import io.bkm.alarm.strategy.Strategy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Every setting the job uses, read and validated at once so that start-up fails on the first bad
 * value and never halfway through building the graph.
 */
public record JobSettings(
        String jobName,
        int maxParallelism,
        Map<String, String> clusterOverrides,
        String kafkaBootstrap,
        String kafkaGroupId,
        String startingOffsets,
        boolean bounded,
        KafkaSinks.Settings kafkaSink,
        String ftaEventTopic,
        String gseSystemEventTopic,
        String gseCustomEventTopic,
        String gseProcessEventTopic,
        String customEventTopic,
        String timeSeriesTopic,
        String configTopic,
        String alertOpsTopic,
        String alertQosReleaseTopic,
        String alertTopic,
        String monitorEventTopic,
        String actionTopic,
        String deadLetterTopic,
        ElasticsearchSettings elasticsearch,
        RedisSettings redis,
        BatchSettings redisBatch,
        int maxMessageBytes,
        List<DataSource> dataSources,
        Map<Long, String> strategies,
        String defaultNotice,
        int actionQosLimit,
        long actionQosWindowSeconds,
        NoticeConvergeFunction.Settings convergence,
        int alertQosThreshold,
        long alertQosWindowSeconds,
        int triggerRateLimit,
        long detectOutOfOrdernessMs,
        long detectQuietMs,
        long noDataCheckDelaySeconds,
        long configWaitMs,
        AlertTimes alertTimes,
        GseEventParser.Settings gse,
        RetryingCmdbFunction.Settings cmdb,
        CmdbClientSettings cmdbClient,
        long cmdbTimeoutMs,
        int cmdbCapacity,
        ApmSettings apm) {

    /** The CMDB cache's Redis, as the CMDB client reads it. */
    public RedisConnection cmdbRedis() {
        return cmdbClient.redis();
    }

    /** How every Kafka client of the job logs in. */
    public KafkaSecurity kafkaSecurity() {
        return kafkaSink.security();
    }

    public static JobSettings from(JobConfig c) {
        String bootstrap = c.string("kafka.bootstrap-servers");
        return new JobSettings(
                c.string("job.name"),
                c.positiveInt("job.max-parallelism"),
                ClusterOverrides.from(c),
                bootstrap,
                c.string("kafka.group-id"),
                c.oneOf("kafka.starting-offsets", "earliest", "latest", "committed"),
                c.bool("kafka.bounded"),
                new KafkaSinks.Settings(
                        bootstrap,
                        kafkaSecurity(c),
                        c.string("kafka.transactional-id-prefix"),
                        c.positiveLong("kafka.transaction-timeout-ms")),
                c.string("topics.fta-event"),
                c.string("topics.gse-system-event"),
                c.string("topics.gse-custom-event"),
                c.string("topics.gse-process-event"),
                c.string("topics.custom-event"),
                c.string("topics.timeseries"),
                c.string("topics.config"),
                c.string("topics.alert-ops"),
                c.string("topics.alert-qos-release"),
                c.string("topics.alert"),
                c.string("topics.monitor-event"),
                c.string("topics.action"),
                c.string("topics.dead-letter"),
                new ElasticsearchSettings(
                        elasticsearchConnection(c),
                        new BatchSettings(
                                c.positiveInt("elasticsearch.bulk-max-actions"),
                                c.positiveLong("elasticsearch.bulk-flush-interval-ms"),
                                c.positiveLong("sinks.retry-initial-delay-ms"),
                                c.positiveLong("sinks.retry-max-delay-ms")),
                        new BatchSettings(
                                c.positiveInt("elasticsearch.history-bulk-max-actions"),
                                c.positiveLong("elasticsearch.history-flush-interval-ms"),
                                c.positiveLong("sinks.retry-initial-delay-ms"),
                                c.positiveLong("sinks.retry-max-delay-ms")),
                        c.nonNegativeInt("elasticsearch.history-bulks-in-flight"),
                        c.positiveInt("elasticsearch.number-of-shards"),
                        c.nonNegativeInt("elasticsearch.number-of-replicas"),
                        c.optional("elasticsearch.history-refresh-interval"),
                        c.string("elasticsearch.index.event"),
                        c.string("elasticsearch.index.alert"),
                        c.string("elasticsearch.index.log-alert"),
                        c.string("elasticsearch.index.action"),
                        c.string("elasticsearch.index.apm")),
                new RedisSettings(
                        redisConnection(c, "redis.", c.nonNegativeInt("redis.database")),
                        c.string("redis.alert-key-prefix"),
                        c.positiveLong("redis.snapshot-ttl-seconds"),
                        c.positiveLong("redis.current-ttl-seconds")),
                new BatchSettings(
                        c.positiveInt("redis.batch-size"),
                        c.positiveLong("redis.flush-interval-ms"),
                        c.positiveLong("sinks.retry-initial-delay-ms"),
                        c.positiveLong("sinks.retry-max-delay-ms")),
                c.positiveInt("input.max-message-bytes"),
                dataSources(c),
                strategies(c),
                defaultNotice(c),
                c.nonNegativeInt("notice.action-qos-limit"),
                c.positiveLong("notice.action-qos-window-seconds"),
                new NoticeConvergeFunction.Settings(
                        c.nonNegativeInt("notice.converge-window-seconds"),
                        c.nonNegativeInt("notice.converge-wait-seconds"),
                        c.positiveInt("notice.converge-threshold"),
                        c.positiveLong("notice.converge-order-ms")),
                c.nonNegativeInt("alert.qos-threshold"),
                c.positiveLong("alert.qos-window-seconds"),
                c.positiveInt("trigger.rate-limit"),
                c.nonNegativeInt("detect.out-of-orderness-ms"),
                c.positiveLong("detect.quiet-ms"),
                c.positiveLong("detect.no-data-check-delay-seconds"),
                c.positiveLong("input.config-wait-ms"),
                new AlertTimes(
                        c.positiveLong("alert.close-window-seconds"),
                        c.positiveLong("alert.retain-ended-seconds"),
                        c.positiveLong("alert.event-id-seconds"),
                        c.timeZone("alert.shield-time-zone"),
                        c.positiveInt("alert.held-keys"),
                        c.nonNegativeInt("alert.flap.count"),
                        c.positiveLong("alert.flap.window-seconds")),
                new GseEventParser.Settings(
                        c.bool("gse.enable-agent-alarm"),
                        c.bool("gse.enable-ping-alarm"),
                        c.positiveLong("gse.expire-seconds")),
                new RetryingCmdbFunction.Settings(
                        c.string("cmdb.key-prefix"),
                        c.positiveInt("cmdb.cache-capacity"),
                        c.positiveLong("cmdb.cache-ttl-ms"),
                        c.positiveLong("cmdb.miss-ttl-ms"),
                        c.positiveLong("cmdb.retry-initial-ms"),
                        c.positiveLong("cmdb.retry-max-ms"),
                        c.positiveLong("cmdb.retry-for-ms")),
                new CmdbClientSettings(
                        redisConnection(c, "cmdb.redis-", 0),
                        c.positiveInt("cmdb.lookup-threads"),
                        new CmdbKeys(c.string("cmdb.key-prefix")),
                        new CmdbApiSettings(
                                c.optional("cmdb.api.base-url"),
                                c.oneOf("cmdb.api.style", "esb", "apigw"),
                                c.optional("cmdb.api.app-code"),
                                c.secret("cmdb.api.app-secret"),
                                c.optional("cmdb.api.username"),
                                c.optional("cmdb.api.supplier-account"),
                                c.positiveLong("cmdb.api.timeout-ms")),
                        c.bool("cmdb.api.write-back")),
                c.positiveLong("cmdb.async-timeout-ms"),
                c.positiveInt("cmdb.async-capacity"),
                ApmSettings.from(c));
    }

    /** Every Kafka client's login and TLS: {@code kafka.security.*}. */
    private static KafkaSecurity kafkaSecurity(JobConfig c) {
        String k = "kafka.security.";
        try {
            return new KafkaSecurity(
                    c.oneOf(k + "protocol", KafkaSecurity.PROTOCOLS.toArray(String[]::new)),
                    c.optional(k + "sasl-mechanism"),
                    c.optional(k + "sasl-username"),
                    c.secret(k + "sasl-password"),
                    c.optional(k + "truststore"),
                    c.optional(k + "truststore-type"),
                    c.secret(k + "truststore-password"),
                    c.optional(k + "keystore"),
                    c.optional(k + "keystore-type"),
                    c.secret(k + "keystore-password"),
                    c.secret(k + "key-password"));
        } catch (IllegalArgumentException e) {
            throw new JobConfig.ConfigException(
                    "configuration keys 'kafka.security.*': " + e.getMessage());
        }
    }

    private static ElasticsearchConnection elasticsearchConnection(JobConfig c) {
        try {
            return new ElasticsearchConnection(
                    c.list("elasticsearch.hosts"),
                    c.optional("elasticsearch.username"),
                    c.secret("elasticsearch.password"),
                    c.optional("elasticsearch.truststore"),
                    c.optional("elasticsearch.truststore-type"),
                    c.secret("elasticsearch.truststore-password"));
        } catch (IllegalArgumentException e) {
            throw new JobConfig.ConfigException(
                    "configuration key 'elasticsearch.password': " + e.getMessage());
        }
    }

    /** A Redis under {@code prefix}: host, port, username, password, tls and trust store keys. */
    private static RedisConnection redisConnection(JobConfig c, String prefix, int database) {
        return new RedisConnection(
                c.string(prefix + "host"),
                c.positiveInt(prefix + "port"),
                c.optional(prefix + "username"),
                c.secret(prefix + "password"),
                database,
                c.bool(prefix + "tls"),
                c.optional(prefix + "truststore"),
                c.optional(prefix + "truststore-type"),
                c.secret(prefix + "truststore-password"));
    }

    private static Map<Long, String> strategies(JobConfig c) {
        Path dir = c.path("input.strategies-dir");
        try {
            return Strategies.load(dir);
        } catch (IOException e) {
            throw new JobConfig.ConfigException(
                    "configuration key 'input.strategies-dir': " + e.getMessage());
        }
    }

    /** The notice config of alerts without strategy, checked here so a bad file stops start-up. */
    private static String defaultNotice(JobConfig c) {
        Path file = c.path("notice.default-file");
        try {
            String json = Files.readString(file);
            Json.MAPPER.readValue(json, Strategy.Notice.class);
            return json;
        } catch (IOException e) {
            throw new JobConfig.ConfigException(
                    "configuration key 'notice.default-file': " + e.getMessage());
        }
    }

    private static List<DataSource> dataSources(JobConfig c) {
        Path file = c.path("input.datasources-file");
        try {
            return DataSources.load(file);
        } catch (IOException e) {
            throw new JobConfig.ConfigException(
                    "configuration key 'input.datasources-file': cannot use "
                            + file.toAbsolutePath()
                            + ": "
                            + e.getMessage());
        }
    }
}
