package io.bkm.alarm.cmdb;

import java.io.Serializable;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Non-blocking reads of the CMDB cache. A future that fails means "could not ask" (Redis or the
 * CMDB down), never "not found", which completes with null.
 */
public interface CmdbClient extends AutoCloseable {
    CompletableFuture<String> hget(String key, String field);

    /**
     * Every field of a hash (scope resolution reads the whole host hash); only a cache can, so by
     * default it fails.
     */
    default CompletableFuture<Map<String, String>> hgetAll(String key) {
        return CompletableFuture.failedFuture(
                new UnsupportedOperationException(getClass().getSimpleName() + " cannot list"));
    }

    /** Writes a value back into the cache; only a cache can, so by default it fails. */
    default CompletableFuture<Void> hset(String key, String field, String value) {
        return CompletableFuture.failedFuture(
                new UnsupportedOperationException(getClass().getSimpleName() + " is read-only"));
    }

    @Override
    void close();

    /** Builds the client inside the task (clients are not serializable). */
    @FunctionalInterface
    interface Factory extends Serializable {
        CmdbClient create();
    }
}
