package io.bkm.alarm.sinks.common;

import java.io.Serializable;

/**
 * How a buffered writer batches and retries: at most {@code maxBatch} buffered documents, a flush
 * at least every {@code flushIntervalMs}, and retries that back off from {@code backoffInitialMs}
 * to {@code backoffMaxMs} for as long as the target is unavailable.
 */
public record BatchSettings(
        int maxBatch, long flushIntervalMs, long backoffInitialMs, long backoffMaxMs)
        implements Serializable {}
