package io.bkm.alarm.job.io;

import io.bkm.alarm.cmdb.CmdbClient;
import io.bkm.alarm.cmdb.CmdbKeys;
import io.bkm.alarm.cmdb.FallbackCmdbClient;
import io.bkm.alarm.job.config.CmdbApiSettings;
import io.bkm.alarm.job.config.CmdbClientSettings;
import io.bkm.alarm.sinks.redis.RedisConnection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import redis.clients.jedis.RedisClient;

/**
 * The CMDB cache in Redis. Jedis blocks, so every call runs on a small pool of its own threads; the
 * task thread only ever gets a future.
 */
public final class RedisCmdbClient implements CmdbClient {
    private final RedisClient redis;
    private final ExecutorService pool;

    public RedisCmdbClient(RedisConnection connection, int threads) {
        this.redis =
                RedisClient.builder()
                        .hostAndPort(connection.address())
                        .clientConfig(connection.clientConfig(1000, 2000))
                        .build();
        this.pool =
                Executors.newFixedThreadPool(
                        threads,
                        r -> {
                            Thread t = new Thread(r, "cmdb-redis");
                            t.setDaemon(true);
                            return t;
                        });
    }

    /** A serializable recipe for the function to build its client with in the task. */
    public static CmdbClient.Factory factory(RedisConnection connection, int threads) {
        return () -> new RedisCmdbClient(connection, threads);
    }

    /**
     * The cache with the CMDB API behind it; without an API base URL, the cache alone.
     *
     * @param writeBack whether API answers are written into the cache
     */
    public static CmdbClient.Factory factory(
            RedisConnection connection,
            int threads,
            CmdbKeys keys,
            CmdbApiSettings api,
            boolean writeBack) {
        if (api.baseUrl().isEmpty()) {
            return factory(connection, threads);
        }
        return () ->
                new FallbackCmdbClient(
                        new RedisCmdbClient(connection, threads),
                        new CmdbApiClient(keys, api),
                        writeBack);
    }

    /** The client {@code cmdb.*} describes. */
    public static CmdbClient.Factory factory(CmdbClientSettings s) {
        return factory(s.redis(), s.lookupThreads(), s.keys(), s.api(), s.writeBack());
    }

    @Override
    public CompletableFuture<String> hget(String key, String field) {
        return CompletableFuture.supplyAsync(() -> redis.hget(key, field), pool);
    }

    @Override
    public CompletableFuture<Map<String, String>> hgetAll(String key) {
        return CompletableFuture.supplyAsync(() -> redis.hgetAll(key), pool);
    }

    @Override
    public CompletableFuture<Void> hset(String key, String field, String value) {
        return CompletableFuture.runAsync(() -> redis.hset(key, field, value), pool);
    }

    @Override
    public void close() {
        pool.shutdownNow();
        redis.close();
    }
}
