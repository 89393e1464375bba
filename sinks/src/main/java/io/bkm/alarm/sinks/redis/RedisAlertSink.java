package io.bkm.alarm.sinks.redis;

import io.bkm.alarm.model.AlertChange;
import io.bkm.alarm.sinks.common.BatchSettings;
import io.bkm.alarm.sinks.common.CompactingWriter;
import java.io.IOException;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import redis.clients.jedis.Jedis;

/**
 * Alert snapshots and the current alert per fingerprint in Redis. A Lua script compares versions on
 * the server, so a replayed or late write never replaces a newer one.
 */
public class RedisAlertSink implements Sink<AlertChange> {
    private final RedisSettings redis;
    private final BatchSettings batch;

    public RedisAlertSink(RedisSettings redis, BatchSettings batch) {
        this.redis = redis;
        this.batch = batch;
    }

    @Override
    @SuppressWarnings("deprecation")
    public SinkWriter<AlertChange> createWriter(InitContext context) {
        return new Writer(redis, batch, context);
    }

    static final class Writer extends CompactingWriter<AlertChange, AlertSnapshotWrites.Put> {
        private final RedisSettings redis;
        private Jedis jedis;

        @SuppressWarnings("deprecation")
        Writer(RedisSettings redis, BatchSettings batch, InitContext context) {
            super(
                    "redis " + redis.connection(),
                    batch,
                    context.getProcessingTimeService(),
                    context.metricGroup());
            this.redis = redis;
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
        public void close() {
            disconnect();
        }
    }
}
