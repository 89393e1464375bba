package io.bkm.alarm.sinks.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Writes alert snapshots with the version-guarding Lua script: by its SHA, so the script text is
 * not sent with every write, and with every reply checked, so no write is lost silently. A Redis
 * that lost its script cache (restart, SCRIPT FLUSH) gets the script again.
 */
public final class AlertSnapshotWrites {
    /** The guarded write; see {@code redis/put_alert.lua}. */
    public static final String SCRIPT = loadScript();

    static final String SHA = sha1(SCRIPT);

    /** One alert write: the JSON (UTF-8) and what the script compares. */
    public record Put(
            String alertId, String dedupeMd5, long version, long createTime, byte[] json) {}

    private AlertSnapshotWrites() {}

    public static String snapshotKey(String prefix, String alertId) {
        return prefix + ".snapshot." + alertId;
    }

    public static String currentKey(String prefix, String dedupeMd5) {
        return prefix + ".current." + dedupeMd5;
    }

    /**
     * Writes all puts in one pipeline.
     *
     * @throws IOException when Redis could not be reached or refused a write; the caller retries
     *     the batch (the script makes repeats harmless)
     */
    public static void write(Jedis jedis, RedisSettings redis, List<Put> puts) throws IOException {
        try {
            if (!writeOnce(jedis, redis, puts)) {
                jedis.scriptLoad(SCRIPT);
                if (!writeOnce(jedis, redis, puts)) {
                    throw new IOException("redis keeps losing the alert script");
                }
            }
        } catch (JedisException e) {
            throw new IOException("redis: " + e.getMessage(), e);
        }
    }

    /** False when Redis did not know the script. */
    private static boolean writeOnce(Jedis jedis, RedisSettings redis, List<Put> puts)
            throws IOException {
        Pipeline p = jedis.pipelined();
        List<Response<Object>> replies = new ArrayList<>(puts.size());
        byte[] sha = SHA.getBytes(StandardCharsets.UTF_8);
        byte[] snapshotTtl = bytes(Long.toString(redis.snapshotTtlSeconds()));
        byte[] currentTtl = bytes(Long.toString(redis.currentTtlSeconds()));
        for (Put put : puts) {
            replies.add(
                    p.evalsha(
                            sha,
                            List.of(
                                    bytes(snapshotKey(redis.keyPrefix(), put.alertId())),
                                    bytes(currentKey(redis.keyPrefix(), put.dedupeMd5()))),
                            List.of(
                                    put.json(),
                                    bytes(put.alertId()),
                                    bytes(Long.toString(put.version())),
                                    bytes(Long.toString(put.createTime())),
                                    snapshotTtl,
                                    currentTtl)));
        }
        p.sync();
        for (Response<Object> reply : replies) {
            try {
                reply.get();
            } catch (JedisDataException e) {
                if (e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT")) {
                    return false;
                }
                throw new IOException("redis refused an alert snapshot: " + e.getMessage(), e);
            }
        }
        return true;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String loadScript() {
        try (InputStream in =
                AlertSnapshotWrites.class.getResourceAsStream("/redis/put_alert.lua")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha1(String s) {
        try {
            return HexFormat.of()
                    .formatHex(
                            MessageDigest.getInstance("SHA-1")
                                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
