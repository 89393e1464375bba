package io.bkm.alarm.sinks.redis;

import io.bkm.alarm.sinks.common.BatchSettings;
import java.io.Serializable;

/**
 * Where alert snapshots go: {@code {keyPrefix}.snapshot.{alert_id}} and {@code
 * {keyPrefix}.current.{dedupe_md5}} (contract §6).
 */
public record RedisSettings(
        RedisConnection connection,
        String keyPrefix,
        long snapshotTtlSeconds,
        long currentTtlSeconds,
        BatchSettings batch)
        implements Serializable {}
