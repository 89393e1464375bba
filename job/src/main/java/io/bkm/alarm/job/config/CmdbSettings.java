package io.bkm.alarm.job.config;

import io.bkm.alarm.cmdb.CmdbKeys;
import io.bkm.alarm.cmdb.RetryingCmdbFunction;

/**
 * The CMDB ({@code cmdb.*}): how the enrich functions look hosts up, the client they look up
 * through, and the async operators' limits.
 *
 * @param asyncTimeoutMs past it an async call gives up and the event goes on unenriched
 * @param asyncCapacity the most calls in flight per async operator
 */
public record CmdbSettings(
        RetryingCmdbFunction.Settings lookup,
        CmdbClientSettings client,
        long asyncTimeoutMs,
        int asyncCapacity) {

    static CmdbSettings from(JobConfig c) {
        return new CmdbSettings(
                new RetryingCmdbFunction.Settings(
                        c.string("cmdb.key-prefix"),
                        c.positiveInt("cmdb.cache-capacity"),
                        c.positiveLong("cmdb.cache-ttl-ms"),
                        c.positiveLong("cmdb.miss-ttl-ms"),
                        c.positiveLong("cmdb.retry-initial-ms"),
                        c.positiveLong("cmdb.retry-max-ms"),
                        c.positiveLong("cmdb.retry-for-ms")),
                new CmdbClientSettings(
                        StoreSettings.redisConnection(c, "cmdb.redis-", 0),
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
                c.positiveInt("cmdb.async-capacity"));
    }
}
