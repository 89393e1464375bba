package io.bkm.alarm.job.config;

import io.bkm.alarm.sinks.common.BatchSettings;
import io.bkm.alarm.sinks.es.ElasticsearchConnection;
import io.bkm.alarm.sinks.es.ElasticsearchSettings;
import io.bkm.alarm.sinks.redis.RedisConnection;
import io.bkm.alarm.sinks.redis.RedisSettings;

/**
 * Reads the sections of the stores the job writes ({@code elasticsearch.*}, {@code redis.*}, with
 * the writers' retry delays from {@code sinks.*}) into the writers' own settings.
 */
final class StoreSettings {
    private StoreSettings() {}

    static ElasticsearchSettings elasticsearch(JobConfig c) {
        return new ElasticsearchSettings(
                elasticsearchConnection(c),
                batch(c, "elasticsearch.bulk-max-actions", "elasticsearch.bulk-flush-interval-ms"),
                batch(
                        c,
                        "elasticsearch.history-bulk-max-actions",
                        "elasticsearch.history-flush-interval-ms"),
                c.nonNegativeInt("elasticsearch.history-bulks-in-flight"),
                c.positiveInt("elasticsearch.number-of-shards"),
                c.nonNegativeInt("elasticsearch.number-of-replicas"),
                c.refreshInterval("elasticsearch.history-refresh-interval"),
                c.refreshInterval("elasticsearch.alert-refresh-interval"),
                c.string("elasticsearch.index.event"),
                c.string("elasticsearch.index.alert"),
                c.string("elasticsearch.index.log-alert"),
                c.string("elasticsearch.index.action"),
                c.string("elasticsearch.index.apm"));
    }

    static RedisSettings redis(JobConfig c) {
        return new RedisSettings(
                redisConnection(c, "redis.", c.nonNegativeInt("redis.database")),
                c.string("redis.alert-key-prefix"),
                c.positiveLong("redis.snapshot-ttl-seconds"),
                c.positiveLong("redis.current-ttl-seconds"),
                batch(c, "redis.batch-size", "redis.flush-interval-ms"));
    }

    /** A Redis under {@code prefix}: host, port, username, password, tls and trust store keys. */
    static RedisConnection redisConnection(JobConfig c, String prefix, int database) {
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

    private static BatchSettings batch(JobConfig c, String maxActions, String flushIntervalMs) {
        return new BatchSettings(
                c.positiveInt(maxActions),
                c.positiveLong(flushIntervalMs),
                c.positiveLong("sinks.retry-initial-delay-ms"),
                c.positiveLong("sinks.retry-max-delay-ms"));
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
}
