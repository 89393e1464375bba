package io.bkm.alarm.job.it;

import java.util.Map;
import java.util.TreeMap;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/** Reads the keys of one prefix back from the test Redis. */
public final class RedisKeys {
    private RedisKeys() {}

    /** Key (without the prefix) → value, for every key under {@code prefix}. */
    public static Map<String, String> read(int port, String prefix) {
        Map<String, String> out = new TreeMap<>();
        try (Jedis j = new Jedis("127.0.0.1", port)) {
            String cursor = ScanParams.SCAN_POINTER_START;
            ScanParams params = new ScanParams().match(prefix + "*").count(1000);
            do {
                ScanResult<String> page = j.scan(cursor, params);
                for (String key : page.getResult()) {
                    out.put(key.substring(prefix.length()), j.get(key));
                }
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        }
        return out;
    }

    public static long ttl(int port, String key) {
        try (Jedis j = new Jedis("127.0.0.1", port)) {
            return j.ttl(key);
        }
    }
}
