package io.bkm.alarm.cmdb;

import java.io.Serializable;
import java.util.concurrent.CompletableFuture;

/**
 * Non-blocking reads of the CMDB cache. A future that fails means "could not ask" (Redis or the
 * CMDB down), never "not found", which completes with null.
 */
public interface CmdbClient extends AutoCloseable {
    CompletableFuture<String> hget(String key, String field);

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
