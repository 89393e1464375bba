package io.bkm.alarm.cmdb;

import java.io.Serializable;
import java.util.concurrent.CompletableFuture;

/**
 * Non-blocking reads of the CMDB cache. A future that fails means "could not ask" (Redis or the
 * CMDB down), never "not found", which completes with null.
 */
public interface CmdbClient extends AutoCloseable {
    CompletableFuture<String> hget(String key, String field);

    @Override
    void close();

    /** Builds the client inside the task (clients are not serializable). */
    @FunctionalInterface
    interface Factory extends Serializable {
        CmdbClient create();
    }
}
