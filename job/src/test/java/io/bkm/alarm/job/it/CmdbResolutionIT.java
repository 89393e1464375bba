package io.bkm.alarm.job.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.bkm.alarm.cmdb.CmdbKeys;
import io.bkm.alarm.cmdb.EventEnricher;
import io.bkm.alarm.cmdb.HostResolver;
import io.bkm.alarm.cmdb.LocalCache;
import io.bkm.alarm.demo.SeedCmdb;
import io.bkm.alarm.event.DedupeKeys;
import io.bkm.alarm.fingerprint.Fingerprint;
import io.bkm.alarm.gse.GseTypes;
import io.bkm.alarm.job.io.RedisCmdbClient;
import io.bkm.alarm.model.Event;
import io.bkm.alarm.model.GseRecord;
import io.bkm.alarm.sinks.redis.RedisConnection;
import io.bkm.localservices.LocalServices;
import io.bkm.localservices.TestServices;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import redis.clients.jedis.Jedis;

/** Host resolution rules against the real Redis, seeded in bk-monitor's CMDB cache layout. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CmdbResolutionIT {
    private static final CmdbKeys KEYS = new CmdbKeys("it.cache.cmdb");
    private RedisCmdbClient client;
    private LocalCache cache;
    private HostResolver resolver;

    @BeforeAll
    void seed() {
        LocalServices svc = TestServices.get();
        try (Jedis j = new Jedis("127.0.0.1", svc.redisPort())) {
            SeedCmdb.write(
                    j,
                    KEYS,
                    List.of(
                            host(1001, "10.0.0.1", 0, 2, "0:10.0.0.1", "运营中[需告警]"),
                            host(
                                    1002,
                                    "10.0.0.2",
                                    0,
                                    2,
                                    "020000000052540071a4c31716950020e3a4",
                                    "运营中[需告警]"),
                            // one IP in two cloud areas and two businesses
                            host(1003, "10.9.9.9", 0, 2, "a3", "运营中[需告警]"),
                            host(1004, "10.9.9.9", 3, 5, "a4", "运营中[需告警]"),
                            // one IP twice in one business: ambiguous there
                            host(1005, "10.8.8.8", 0, 7, "a5", "运营中[需告警]"),
                            host(1006, "10.8.8.8", 4, 7, "a6", "运营中[需告警]"),
                            host(1007, "10.0.0.7", 0, 2, "a7", "故障中"),
                            host(1008, "10.3.0.8", 3, 5, "a8", "运营中[需告警]"),
                            host(1009, "10.3.0.9", 3, 6, "a9", "运营中[需告警]")));
        }
        try (Jedis j = new Jedis("127.0.0.1", svc.redisPort())) {
            SeedCmdb.Host h9 = host(1009, "10.3.0.9", 3, 6, "a9", "运营中[需告警]");
            SeedCmdb.writeInstances(
                    j,
                    KEYS,
                    List.of(
                            new SeedCmdb.Instance(70_001, h9, true),
                            // an instance cached without its address takes it from its host
                            new SeedCmdb.Instance(
                                    70_002,
                                    host(1008, "10.3.0.8", 3, 5, "a8", "运营中[需告警]"),
                                    false)));
        }
        client = new RedisCmdbClient(RedisConnection.open("127.0.0.1", svc.redisPort(), 0), 2);
        cache = new LocalCache(1000, 60_000, 60_000);
        resolver = new HostResolver(KEYS, client, cache, System::currentTimeMillis);
    }

    @AfterAll
    void close() {
        client.close();
    }

    static SeedCmdb.Host host(long id, String ip, int cloud, int biz, String agent, String state) {
        return new SeedCmdb.Host(
                id, ip, cloud, biz, 10 + biz, 100 + biz, agent, state, List.of("alice"));
    }

    static GseRecord record(int type, String host, Integer cloud, String agentId, String server) {
        GseRecord r = new GseRecord();
        r.type = type;
        r.host = host;
        r.cloudId = cloud;
        r.agentId = agentId;
        r.server = server;
        return r;
    }

    private HostResolver.Resolution resolve(GseRecord r) throws Exception {
        return resolver.resolve(r).get(10, TimeUnit.SECONDS);
    }

    @Test
    void gseRecordsResolveByIpAndCloudByAgentIdAndDropUnknownHosts() throws Exception {
        HostResolver.Resolution byIp =
                resolve(record(GseTypes.DISK_FULL, "10.0.0.1", 0, null, "s"));
        assertThat(byIp.host().hostId).isEqualTo(1001);
        assertThat(byIp.host().bizId).isEqualTo("2");
        assertThat(byIp.host().topoNodes).containsExactly("biz|2", "module|102", "set|12");
        assertThat(byIp.host().operators).containsExactly("alice");

        // agent 1.x ids carry cloud:ip; 2.x ids go through the agent index
        assertThat(resolve(record(GseTypes.AGENT_LOST, "", 0, "0:10.0.0.1", "s")).host().hostId)
                .isEqualTo(1001);
        assertThat(
                        resolve(
                                        record(
                                                GseTypes.AGENT_LOST,
                                                "",
                                                0,
                                                "020000000052540071a4c31716950020e3a4",
                                                "s"))
                                .host()
                                .hostId)
                .isEqualTo(1002);
        // the cloud id picks the host when an IP is in two cloud areas
        assertThat(resolve(record(GseTypes.COREFILE, "10.9.9.9", 3, null, "s")).host().hostId)
                .isEqualTo(1004);

        assertThat(resolve(record(GseTypes.DISK_FULL, "10.1.1.1", 0, null, "s")).dropReason())
                .isEqualTo(HostResolver.UNKNOWN_HOST);
        assertThat(resolve(record(GseTypes.AGENT_LOST, "", 0, "unknown-agent", "s")).dropReason())
                .isEqualTo(HostResolver.UNKNOWN_HOST);
        assertThat(resolve(record(GseTypes.DISK_FULL, "10.0.0.7", 0, null, "s")).dropReason())
                .isEqualTo(HostResolver.MONITORING_DISABLED);
    }

    @Test
    void bareIpsResolveOnlyWhenTheyAreUnambiguous() throws Exception {
        assertThat(resolver.byIp("10.0.0.2", "2").get().host().hostId).isEqualTo(1002);
        assertThat(resolver.byIp("10.9.9.9", "5").get().host().hostId).isEqualTo(1004);
        assertThat(resolver.byIp("10.9.9.9", "9").get().dropReason())
                .isEqualTo(HostResolver.AMBIGUOUS_IP);
        assertThat(resolver.byIp("10.8.8.8", "7").get().dropReason())
                .isEqualTo(HostResolver.AMBIGUOUS_IP);
        assertThat(resolver.byIp("10.250.0.1", "7").get().dropReason())
                .isEqualTo(HostResolver.UNKNOWN_HOST);
        assertThat(resolver.byHostId(1008).get().host().ip).isEqualTo("10.3.0.8");
    }

    @Test
    void pingNeedsPingerAndTargetAndTheSameBusinessOutsideTheDefaultCloud() throws Exception {
        assertThat(
                        resolve(record(GseTypes.PING_UNREACHABLE, "10.0.0.2", 0, null, "10.0.0.1"))
                                .host()
                                .hostId)
                .isEqualTo(1002);
        assertThat(
                        resolve(record(GseTypes.PING_UNREACHABLE, "10.0.0.2", 0, null, "10.7.7.7"))
                                .dropReason())
                .isEqualTo(HostResolver.UNKNOWN_HOST);
        assertThat(
                        resolve(record(GseTypes.PING_UNREACHABLE, "10.3.0.9", 3, null, "10.3.0.8"))
                                .dropReason())
                .isEqualTo(HostResolver.PING_CROSS_BUSINESS);
        assertThat(
                        resolve(record(GseTypes.PING_UNREACHABLE, "10.3.0.8", 3, null, "10.9.9.9"))
                                .host()
                                .hostId)
                .isEqualTo(1008);
    }

    static Event event(String targetType, String target, String biz) {
        Event e = new Event();
        e.alertName = "CPU usage high";
        e.targetType = targetType;
        e.target = target;
        e.bkBizId = biz;
        e.dedupeKeys = DedupeKeys.keys(false, null);
        return e;
    }

    private Event enrich(Event e) throws Exception {
        EventEnricher.enrich(e, resolver).get(10, TimeUnit.SECONDS);
        return e;
    }

    @Test
    void eventsAreEnrichedByTargetTypeAndFingerprintedAfterwards() throws Exception {
        // ip|cloud: host fields filled in, business taken from the host when missing
        Event byIpCloud = enrich(event("HOST", "10.0.0.1|0", null));
        assertThat(byIpCloud.enrichmentFailure).isNull();
        assertThat(byIpCloud.bkBizId).isEqualTo("2");
        assertThat(byIpCloud.bkHostId).isEqualTo("1001");
        assertThat(byIpCloud.bkTopoNode).containsExactly("biz|2", "module|102", "set|12");
        assertThat(byIpCloud.dedupeMd5)
                .isEqualTo(
                        Fingerprint.of(
                                java.util.Arrays.asList(
                                        "CPU usage high", "HOST", "10.0.0.1|0", "2")));

        // a bare IP is rewritten to ip|0 (even for a host in cloud 3) and is part of the
        // fingerprint
        Event bare = enrich(event("HOST", "10.9.9.9", "5"));
        assertThat(bare.bkHostId).isEqualTo("1004");
        assertThat(bare.target).isEqualTo("10.9.9.9|0");
        assertThat(bare.dedupeMd5)
                .isEqualTo(
                        Fingerprint.of(
                                java.util.Arrays.asList(
                                        "CPU usage high", "HOST", "10.9.9.9|0", "5")));
        assertThat(enrich(event("HOST", "10.8.8.8", "7")).enrichmentFailure)
                .isEqualTo(HostResolver.AMBIGUOUS_IP);

        // by host id
        assertThat(enrich(event("HOST", "1008", null)).ip).isEqualTo("10.3.0.8");

        // unknown host: kept unenriched with a business, dropped without one
        Event unknown = enrich(event("HOST", "10.250.0.1|0", "9"));
        assertThat(unknown.enrichmentFailure).isNull();
        assertThat(unknown.bkHostId).isNull();
        assertThat(enrich(event("HOST", "10.250.0.1|0", null)).enrichmentFailure)
                .isEqualTo(HostResolver.UNKNOWN_HOST);

        // topo targets must be obj|inst and need a business
        assertThat(enrich(event("TOPO", "module|731", "5")).bkTopoNode)
                .containsExactly("module|731");
        assertThat(enrich(event("TOPO", "module", "5")).enrichmentFailure)
                .isEqualTo(EventEnricher.BAD_TOPO_TARGET);
        assertThat(enrich(event("TOPO", "module|731", null)).enrichmentFailure)
                .isEqualTo(EventEnricher.NO_BUSINESS);
        // service instances: known ones bring host, address and topology; the event's business
        // wins over the instance's
        Event svc = enrich(event("SERVICE", "70001", null));
        assertThat(svc.enrichmentFailure).isNull();
        assertThat(svc.bkBizId).isEqualTo("6");
        assertThat(svc.bkServiceInstanceId).isEqualTo("70001");
        assertThat(svc.bkHostId).isEqualTo("1009");
        assertThat(svc.ip).isEqualTo("10.3.0.9");
        assertThat(svc.bkCloudId).isEqualTo("3");
        assertThat(svc.bkTopoNode).containsExactly("biz|6", "module|106", "set|16");
        Event fromHost = enrich(event("SERVICE", "70002", "9"));
        assertThat(fromHost.bkBizId).isEqualTo("9");
        assertThat(fromHost.ip).isEqualTo("10.3.0.8");
        assertThat(fromHost.bkCloudId).isEqualTo("3");
        // unknown ones keep only their id, and only with a business
        Event unknownSvc = enrich(event("SERVICE", "79999", "5"));
        assertThat(unknownSvc.enrichmentFailure).isNull();
        assertThat(unknownSvc.bkServiceInstanceId).isEqualTo("79999");
        assertThat(unknownSvc.bkHostId).isNull();
        assertThat(enrich(event("SERVICE", "79999", null)).enrichmentFailure)
                .isEqualTo(EventEnricher.NO_BUSINESS);
        assertThat(enrich(event("SERVICE", "not-a-number", null)).enrichmentFailure)
                .isEqualTo(EventEnricher.NO_BUSINESS);

        // other target types need a business
        assertThat(enrich(event("", "", null)).enrichmentFailure)
                .isEqualTo(EventEnricher.NO_BUSINESS);
        assertThat(enrich(event("K8S-POD", "api-1", "5")).enrichmentFailure).isNull();
    }

    @Test
    void knownHostsAreServedFromTheLocalCache() throws Exception {
        LocalCache fresh = new LocalCache(100, 60_000, 60_000);
        HostResolver r = new HostResolver(KEYS, client, fresh, System::currentTimeMillis);
        for (int i = 0; i < 50; i++) {
            r.resolve(record(GseTypes.DISK_FULL, "10.0.0.1", 0, null, "s")).get();
        }
        assertThat(fresh.misses()).isEqualTo(1);
        assertThat(fresh.hits()).isEqualTo(49);
    }
}
