package io.bkm.alarm.cmdb;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The CMDB cache first, the CMDB itself behind it (issue #4): a key missing from the cache is asked
 * of the second client, and a value found there is written back to the cache so the next reader,
 * here or in bk-monitor, finds it. A failed write-back is counted, not fatal: the answer is already
 * in hand and the local cache keeps it.
 */
public final class FallbackCmdbClient implements CmdbClient {
    private final CmdbClient cache;
    private final CmdbClient source;
    private final boolean writeBack;
    private final AtomicLong fallbacks = new AtomicLong();
    private final AtomicLong writeBackFailures = new AtomicLong();

    public FallbackCmdbClient(CmdbClient cache, CmdbClient source, boolean writeBack) {
        this.cache = cache;
        this.source = source;
        this.writeBack = writeBack;
    }

    @Override
    public CompletableFuture<Map<String, String>> hgetAll(String key) {
        return cache.hgetAll(key);
    }

    @Override
    public CompletableFuture<String> hget(String key, String field) {
        return cache.hget(key, field)
                .thenCompose(
                        cached ->
                                cached != null
                                        ? CompletableFuture.completedFuture(cached)
                                        : askSource(key, field));
    }

    private CompletableFuture<String> askSource(String key, String field) {
        fallbacks.incrementAndGet();
        return source.hget(key, field)
                .thenApply(
                        found -> {
                            if (found != null && writeBack) {
                                cache.hset(key, field, found)
                                        .exceptionally(
                                                e -> {
                                                    writeBackFailures.incrementAndGet();
                                                    return null;
                                                });
                            }
                            return found;
                        });
    }

    /** Keys the cache did not have. */
    public long fallbacks() {
        return fallbacks.get();
    }

    public long writeBackFailures() {
        return writeBackFailures.get();
    }

    @Override
    public void close() {
        try {
            source.close();
        } finally {
            cache.close();
        }
    }
}
