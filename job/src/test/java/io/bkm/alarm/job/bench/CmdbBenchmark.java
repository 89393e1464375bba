package io.bkm.alarm.job.bench;

import io.bkm.alarm.cmdb.CmdbKeys;
import io.bkm.alarm.cmdb.HostResolver;
import io.bkm.alarm.cmdb.LocalCache;
import io.bkm.alarm.demo.SeedCmdb;
import io.bkm.alarm.gse.GseTypes;
import io.bkm.alarm.job.io.RedisCmdbClient;
import io.bkm.alarm.model.GseRecord;
import io.bkm.alarm.sinks.redis.RedisConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import redis.clients.jedis.Jedis;

/**
 * Host resolution over 10,000 seeded hosts on a real Redis: cold (every lookup goes to Redis, as
 * many in flight as the enrichment operator allows) and warm (everything in the local cache).
 * Prints records per second. Usage: {@code CmdbBenchmark <redis-host> <redis-port>}; see {@code
 * scripts/bench.sh cmdb}.
 */
public final class CmdbBenchmark {
    private static final int HOSTS = 10_000;
    private static final int IN_FLIGHT = 1_000;

    private CmdbBenchmark() {}

    public static void main(String[] args) throws Exception {
        String host = args.length > 0 ? args[0] : "127.0.0.1";
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 16379;
        CmdbKeys keys = new CmdbKeys("bench.cache.cmdb");
        List<SeedCmdb.Host> hosts = SeedCmdb.demoHosts(HOSTS);
        try (Jedis j = new Jedis(host, port)) {
            SeedCmdb.write(j, keys, hosts);
        }
        List<GseRecord> records = new ArrayList<>(HOSTS);
        for (SeedCmdb.Host h : hosts) {
            GseRecord r = new GseRecord();
            r.type = GseTypes.DISK_FULL;
            r.host = h.ip();
            r.cloudId = 0;
            records.add(r);
        }
        try (RedisCmdbClient client = new RedisCmdbClient(RedisConnection.open(host, port, 0), 8)) {
            LocalCache cache = new LocalCache(2 * HOSTS, 600_000, 60_000);
            HostResolver resolver =
                    new HostResolver(keys, client, cache, System::currentTimeMillis);
            double cold = rate(resolver, records);
            System.out.printf(
                    "cold cache (every lookup in Redis, %d in flight): %,.0f records/s%n",
                    IN_FLIGHT, cold);
            for (int i = 0; i < 5; i++) {
                rate(resolver, records);
            }
            double warm = 0;
            for (int i = 0; i < 10; i++) {
                warm = Math.max(warm, rate(resolver, records));
            }
            System.out.printf(
                    "warm cache (%,d hosts, local cache only): %,.0f records/s%n", HOSTS, warm);
            System.out.printf("redis calls: %,d misses, %,d hits%n", cache.misses(), cache.hits());
        }
    }

    private static double rate(HostResolver resolver, List<GseRecord> records) throws Exception {
        long t0 = System.nanoTime();
        List<CompletableFuture<HostResolver.Resolution>> window = new ArrayList<>(IN_FLIGHT);
        for (GseRecord r : records) {
            window.add(resolver.resolve(r));
            if (window.size() == IN_FLIGHT) {
                for (CompletableFuture<HostResolver.Resolution> f : window) {
                    if (f.get().host() == null) {
                        throw new IllegalStateException("unresolved host in the benchmark");
                    }
                }
                window.clear();
            }
        }
        for (CompletableFuture<HostResolver.Resolution> f : window) {
            f.get();
        }
        return records.size() / ((System.nanoTime() - t0) / 1e9);
    }
}
