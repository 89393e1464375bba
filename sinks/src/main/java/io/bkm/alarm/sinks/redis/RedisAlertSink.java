package io.bkm.alarm.sinks.redis;

import io.bkm.alarm.common.Json;
import io.bkm.alarm.model.Alert;
import io.bkm.alarm.sinks.common.BatchSettings;
import io.bkm.alarm.sinks.common.CompactingWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Alert snapshots and the current alert per fingerprint in Redis. A Lua script compares versions on
 * the server, so a replayed or late write never replaces a newer one.
 */
public class RedisAlertSink implements Sink<Alert> {
    /** The guarded write, shared with tests that check the guard against a real Redis. */
    public static final String SCRIPT = loadScript();

    private final RedisSettings redis;
    private final BatchSettings batch;

    public RedisAlertSink(RedisSettings redis, BatchSettings batch) {
        this.redis = redis;
        this.batch = batch;
    }

    private static String loadScript() {
        try (InputStream in = RedisAlertSink.class.getResourceAsStream("/redis/put_alert.lua")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String snapshotKey(String prefix, String alertId) {
        return prefix + ".snapshot." + alertId;
    }

    public static String currentKey(String prefix, String dedupeMd5) {
        return prefix + ".current." + dedupeMd5;
    }

    @Override
    @SuppressWarnings("deprecation")
    public SinkWriter<Alert> createWriter(InitContext context) {
        return new Writer(redis, batch, context);
    }

    /** One alert write: the JSON and what the script compares. */
    record Put(String alertId, String dedupeMd5, long version, long createTime, String json) {}

    static final class Writer extends CompactingWriter<Alert, Put> {
        private final RedisSettings redis;
        private Jedis jedis;

        @SuppressWarnings("deprecation")
        Writer(RedisSettings redis, BatchSettings batch, InitContext context) {
            super(
                    "redis " + redis.host() + ":" + redis.port(),
                    batch,
                    context.getProcessingTimeService(),
                    context.metricGroup());
            this.redis = redis;
        }

        @Override
        protected Put toWrite(Alert a) {
            return new Put(a.id, a.dedupeMd5, a.version, a.createTime, Json.write(a));
        }

        @Override
        protected String documentKey(Put p) {
            return p.alertId();
        }

        @Override
        protected Put merge(Put buffered, Put incoming) {
            return incoming.version() >= buffered.version() ? incoming : buffered;
        }

        @Override
        protected Result<Put> send(List<Put> puts) throws IOException {
            try {
                Pipeline p = connection().pipelined();
                for (Put put : puts) {
                    p.eval(
                            SCRIPT,
                            List.of(
                                    snapshotKey(redis.keyPrefix(), put.alertId()),
                                    currentKey(redis.keyPrefix(), put.dedupeMd5())),
                            List.of(
                                    put.json(),
                                    put.alertId(),
                                    Long.toString(put.version()),
                                    Long.toString(put.createTime()),
                                    Long.toString(redis.snapshotTtlSeconds()),
                                    Long.toString(redis.currentTtlSeconds())));
                }
                p.sync();
                return Result.done();
            } catch (JedisException e) {
                disconnect();
                throw new IOException(e.getMessage(), e);
            }
        }

        private Jedis connection() {
            if (jedis == null) {
                DefaultJedisClientConfig.Builder cfg =
                        DefaultJedisClientConfig.builder()
                                .database(redis.database())
                                .connectionTimeoutMillis(5000)
                                .socketTimeoutMillis(30000);
                if (redis.password() != null && !redis.password().isEmpty()) {
                    cfg.password(redis.password());
                }
                jedis = new Jedis(new HostAndPort(redis.host(), redis.port()), cfg.build());
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
