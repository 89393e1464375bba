package io.bkm.alarm.job.config;

import io.bkm.alarm.cmdb.CmdbKeys;
import io.bkm.alarm.sinks.redis.RedisConnection;

/**
 * How the job's CMDB client is made ({@code cmdb.*}): the cache in Redis, read on its own threads,
 * and the API behind it when {@code api} has a base URL. The client itself is built when the graph
 * is wired ({@code job.io.RedisCmdbClient}).
 *
 * @param writeBack whether API answers are written into the cache
 */
public record CmdbClientSettings(
        RedisConnection redis,
        int lookupThreads,
        CmdbKeys keys,
        CmdbApiSettings api,
        boolean writeBack) {}
