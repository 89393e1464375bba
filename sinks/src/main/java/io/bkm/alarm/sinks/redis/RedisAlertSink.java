package io.bkm.alarm.sinks.redis;

import io.bkm.alarm.model.AlertChange;
import io.bkm.alarm.sinks.common.BatchSettings;
import io.bkm.alarm.sinks.common.CompactingSink;
import io.bkm.alarm.sinks.common.CompactingWriter;
import io.bkm.alarm.sinks.common.TaskServices;
import io.bkm.alarm.sinks.common.WriteCodec;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import redis.clients.jedis.Jedis;

/**
 * Alert snapshots and the current alert per fingerprint in Redis. A Lua script compares versions on
 * the server, so a replayed or late write never replaces a newer one.
 */
public class RedisAlertSink extends CompactingSink<AlertChange, AlertSnapshotWrites.Put> {
    private final RedisSettings redis;

    public RedisAlertSink(RedisSettings redis) {
        this.redis = redis;
    }

    @Override
    public CompactingWriter<AlertChange, AlertSnapshotWrites.Put> newWriter(TaskServices task) {
        return new Writer(redis, redis.batch(), task);
    }

    @Override
    protected WriteCodec<AlertSnapshotWrites.Put> writeCodec() {
        return new PutCodec();
    }

    static final class Writer extends CompactingWriter<AlertChange, AlertSnapshotWrites.Put> {
        private final RedisSettings redis;

        /**
         * Sends the batch in flight, so the operator the writer is chained to does not wait for
         * Redis. One batch at a time: the connection is never used by two threads at once.
         */
        private final ExecutorService sender =
                Executors.newSingleThreadExecutor(
                        r -> {
                            Thread t = new Thread(r, "redis alert snapshots");
                            t.setDaemon(true);
                            return t;
                        });

        private Jedis jedis;

        Writer(RedisSettings redis, BatchSettings batch, TaskServices task) {
            super("redis " + redis.connection(), batch, task);
            this.redis = redis;
        }

        @Override
        protected CompletableFuture<Result<AlertSnapshotWrites.Put>> sendAsync(
                List<AlertSnapshotWrites.Put> puts) {
            return CompletableFuture.supplyAsync(
                    () -> {
                        try {
                            return send(puts);
                        } catch (IOException e) {
                            throw new CompletionException(e);
                        }
                    },
                    sender);
        }

        @Override
        protected AlertSnapshotWrites.Put toWrite(AlertChange a) {
            return new AlertSnapshotWrites.Put(
                    a.id(), a.alert.dedupeMd5, a.version, a.createTime, a.document);
        }

        @Override
        protected String documentKey(AlertSnapshotWrites.Put p) {
            return p.alertId();
        }

        @Override
        protected AlertSnapshotWrites.Put merge(
                AlertSnapshotWrites.Put buffered, AlertSnapshotWrites.Put incoming) {
            return incoming.version() >= buffered.version() ? incoming : buffered;
        }

        @Override
        protected Result<AlertSnapshotWrites.Put> send(List<AlertSnapshotWrites.Put> puts)
                throws IOException {
            try {
                AlertSnapshotWrites.write(connection(), redis, puts);
                return Result.done();
            } catch (IOException e) {
                disconnect();
                throw e;
            }
        }

        private Jedis connection() {
            if (jedis == null) {
                RedisConnection c = redis.connection();
                jedis = new Jedis(c.address(), c.clientConfig(5000, 30000));
            }
            return jedis;
        }

        private void disconnect() {
            if (jedis != null) {
                try {
                    jedis.close();
                } catch (RuntimeException ignored) {
                    // the connection is being thrown away anyway
                }
                jedis = null;
            }
        }

        @Override
        public void close() throws Exception {
            super.close();
            sender.shutdownNow();
            disconnect();
        }
    }
}
