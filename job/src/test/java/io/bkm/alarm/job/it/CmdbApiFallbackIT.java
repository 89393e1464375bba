package io.bkm.alarm.job.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bkm.alarm.cmdb.CmdbClient;
import io.bkm.alarm.cmdb.CmdbKeys;
import io.bkm.alarm.cmdb.EventEnrichFunction;
import io.bkm.alarm.cmdb.FallbackCmdbClient;
import io.bkm.alarm.cmdb.HostJson;
import io.bkm.alarm.cmdb.HostResolver;
import io.bkm.alarm.cmdb.LocalCache;
import io.bkm.alarm.cmdb.RetryingCmdbFunction;
import io.bkm.alarm.common.Secret;
import io.bkm.alarm.event.DedupeKeys;
import io.bkm.alarm.gse.GseTypes;
import io.bkm.alarm.job.config.CmdbApiSettings;
import io.bkm.alarm.job.io.RedisCmdbClient;
import io.bkm.alarm.model.Event;
import io.bkm.alarm.model.GseRecord;
import io.bkm.alarm.sinks.redis.RedisConnection;
import io.bkm.localservices.LocalServices;
import io.bkm.localservices.TestServices;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.operators.async.AsyncWaitOperatorFactory;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import redis.clients.jedis.Jedis;

/**
 * Hosts missing from the Redis cache are asked of the CMDB HTTP API (a local server speaking its
 * two calls), written back to the real Redis, and a CMDB that cannot answer is "unavailable", never
 * "unknown host".
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CmdbApiFallbackIT {
    private static final CmdbKeys KEYS = new CmdbKeys("apiit.cache.cmdb");
    private LocalServices svc;
    private CmdbApiServer api;

    @BeforeAll
    void start() throws Exception {
        svc = TestServices.get();
        api = new CmdbApiServer("bkm-test", "s3cret");
        api.add(new CmdbApiServer.Host(2001, "10.50.0.1", 0, "0200000000aa", 8, 81, 811));
        api.add(new CmdbApiServer.Host(2002, "10.50.0.2", 2, "0200000000bb", 8, 82, 822));
        api.add(new CmdbApiServer.Host(2003, "10.50.0.3", 0, "0200000000cc", 9, 91, 911));
    }

    @BeforeEach
    void emptyCache() {
        try (Jedis j = new Jedis("127.0.0.1", svc.redisPort())) {
            j.del(KEYS.host(), KEYS.hostIp(), KEYS.agentId());
        }
        api.failWithStatus = 0;
        api.requests.clear();
        api.authHeaders.clear();
    }

    @AfterAll
    void stop() {
        api.close();
    }

    private CmdbApiSettings settings(String style, String baseUrl, String secret) {
        return new CmdbApiSettings(
                baseUrl, style, "bkm-test", Secret.of(secret), "admin", "0", 2000);
    }

    private CmdbClient.Factory clients(CmdbApiSettings api) {
        return RedisCmdbClient.factory(
                RedisConnection.open("127.0.0.1", svc.redisPort(), 0), 2, KEYS, api, true);
    }

    private static HostResolver resolver(CmdbClient client) {
        return new HostResolver(
                KEYS, client, new LocalCache(100, 60_000, 60_000), System::currentTimeMillis);
    }

    private static GseRecord record(String ip, int cloud, String agentId) {
        GseRecord r = new GseRecord();
        r.type = GseTypes.DISK_FULL;
        r.host = ip;
        r.cloudId = cloud;
        r.agentId = agentId;
        return r;
    }

    private String cached(String key, String field) {
        try (Jedis j = new Jedis("127.0.0.1", svc.redisPort())) {
            return j.hget(key, field);
        }
    }

    @Test
    void hostsMissingFromTheCacheComeFromTheApiAndAreWrittenBack() throws Exception {
        try (CmdbClient client = clients(settings("esb", api.esbBaseUrl(), "s3cret")).create()) {
            HostResolver r = resolver(client);
            HostResolver.Resolution byIp =
                    r.resolve(record("10.50.0.2", 2, null)).get(10, TimeUnit.SECONDS);
            assertThat(byIp.host().hostId).isEqualTo(2002);
            assertThat(byIp.host().bizId).isEqualTo("8");
            assertThat(byIp.host().cloudId).isEqualTo(2);
            assertThat(byIp.host().operators).containsExactly("alice", "bob");
            assertThat(byIp.host().topoNodes).containsExactly("biz|8", "module|822", "set|82");
            // host search, then the host's business and topology; credentials in body and header
            assertThat(api.requests).hasSize(2);
            assertThat(api.requests.get(0).path("host_property_filter").toString())
                    .contains("10.50.0.2")
                    .contains("bk_cloud_id");
            assertThat(api.requests.get(1).path("bk_host_id").get(0).asLong()).isEqualTo(2002);
            assertThat(api.requests.get(0).path("bk_username").asText()).isEqualTo("admin");
            assertThat(api.authHeaders.get(0)).contains("\"bk_app_code\":\"bkm-test\"");

            // written back in the cache layout, which the host parser reads like any cached host
            assertThat(waitForCached(KEYS.host(), "10.50.0.2|2")).isNotNull();
            assertThat(HostJson.parse(cached(KEYS.host(), "10.50.0.2|2")).topoNodes)
                    .containsExactly("biz|8", "module|822", "set|82");
            // so a fresh reader finds it in Redis without asking the CMDB again
            int calls = api.requests.size();
            assertThat(resolver(client).resolve(record("10.50.0.2", 2, null)).get().host().hostId)
                    .isEqualTo(2002);
            assertThat(api.requests).hasSize(calls);

            // by agent id (2.x), by host id and by bare IP through the host-ip index
            assertThat(r.byAgentId("0200000000cc").get().host().hostId).isEqualTo(2003);
            assertThat(waitForCached(KEYS.agentId(), "0200000000cc")).isEqualTo("2003");
            assertThat(r.byHostId(2001).get().host().ip).isEqualTo("10.50.0.1");
            assertThat(r.byIp("10.50.0.1", "").get().host().hostId).isEqualTo(2001);
            assertThat(waitForCached(KEYS.hostIp(), "10.50.0.1")).isEqualTo("[\"10.50.0.1|0\"]");

            // a host the CMDB does not know either is unknown, and nothing is written
            assertThat(r.resolve(record("10.60.0.1", 0, null)).get().dropReason())
                    .isEqualTo(HostResolver.UNKNOWN_HOST);
            assertThat(cached(KEYS.host(), "10.60.0.1|0")).isNull();
        }
    }

    @Test
    void theApiGatewayPathsWorkToo() throws Exception {
        try (CmdbClient client =
                clients(settings("apigw", api.apigwBaseUrl(), "s3cret")).create()) {
            assertThat(resolver(client).byHostId(2003).get(10, TimeUnit.SECONDS).host().bizId)
                    .isEqualTo("9");
        }
    }

    @Test
    void aCmdbThatCannotAnswerIsUnavailableNotUnknown() throws Exception {
        try (CmdbClient client = clients(settings("esb", api.esbBaseUrl(), "s3cret")).create()) {
            // a host already in the cache resolves while the CMDB is down
            resolver(client).byHostId(2001).get(10, TimeUnit.SECONDS);
            waitForCached(KEYS.host(), "2001");
            api.failWithStatus = 503;
            assertThat(resolver(client).byHostId(2001).get(10, TimeUnit.SECONDS).host().ip)
                    .isEqualTo("10.50.0.1");
            // a missing one fails the lookup instead of reading as unknown
            assertThatThrownBy(() -> resolver(client).byHostId(2002).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("503");
            assertThat(((FallbackCmdbClient) client).fallbacks()).isGreaterThan(0);
        }
        // refused credentials (result: false) are an error too, not "nothing found"
        api.failWithStatus = 0;
        try (CmdbClient client = clients(settings("esb", api.esbBaseUrl(), "wrong")).create()) {
            assertThatThrownBy(() -> resolver(client).byHostId(2003).get(10, TimeUnit.SECONDS))
                    .hasMessageContaining("app not authorized");
        }
        // nothing listens: the same
        try (CmdbClient client =
                clients(settings("esb", "http://127.0.0.1:9/cc", "s3cret")).create()) {
            assertThatThrownBy(() -> resolver(client).byHostId(2003).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class);
        }
    }

    @Test
    void theEnrichOperatorRetriesThenMarksTheRecordUnavailable() throws Exception {
        api.failWithStatus = 502;
        RetryingCmdbFunction.Settings s =
                new RetryingCmdbFunction.Settings(KEYS.prefix(), 100, 60_000, 1_000, 50, 100, 600);
        Event e = new Event();
        e.alertName = "CPU usage high";
        e.targetType = "HOST";
        e.target = "10.50.0.3|0";
        e.dedupeKeys = DedupeKeys.keys(false, null);
        var factory =
                new AsyncWaitOperatorFactory<>(
                        new EventEnrichFunction(
                                clients(settings("esb", api.esbBaseUrl(), "s3cret")), s),
                        30_000,
                        10,
                        AsyncDataStream.OutputMode.ORDERED);
        try (var h =
                new OneInputStreamOperatorTestHarness<Event, Event>(
                        factory,
                        TypeInformation.of(Event.class)
                                .createSerializer(new SerializerConfigImpl()))) {
            h.open();
            h.processElement(new StreamRecord<>(e, 0));
            h.endInput();
            List<Event> out = h.extractOutputValues();
            assertThat(out).hasSize(1);
            assertThat(out.get(0).enrichmentFailure).isEqualTo(RetryingCmdbFunction.UNAVAILABLE);
            // asked more than once: retried before giving up
            assertThat(api.requests.size()).isGreaterThan(1);
        }
    }

    private String waitForCached(String key, String field) throws InterruptedException {
        // the write-back runs after the answer is handed out
        for (int i = 0; i < 100; i++) {
            String v = cached(key, field);
            if (v != null) {
                return v;
            }
            Thread.sleep(20);
        }
        return null;
    }
}
