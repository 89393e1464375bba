package io.bkm.alarm.job.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bkm.alarm.alert.AlertChanges;
import io.bkm.alarm.model.Action;
import io.bkm.alarm.model.Alert;
import io.bkm.alarm.model.AlertChange;
import io.bkm.alarm.sinks.common.BatchSettings;
import io.bkm.alarm.sinks.common.CompactingWriter;
import io.bkm.alarm.sinks.common.TaskServices;
import io.bkm.alarm.sinks.es.BulkWrite;
import io.bkm.alarm.sinks.es.DocumentWrites;
import io.bkm.alarm.sinks.es.ElasticsearchBulkSink;
import io.bkm.alarm.sinks.es.ElasticsearchConnection;
import io.bkm.alarm.sinks.es.ElasticsearchHttp;
import io.bkm.alarm.sinks.es.ElasticsearchSettings;
import io.bkm.alarm.sinks.es.IndexTemplates;
import io.bkm.alarm.sinks.redis.AlertSnapshotWrites;
import io.bkm.alarm.sinks.redis.RedisConnection;
import io.bkm.alarm.sinks.redis.RedisSettings;
import io.bkm.localservices.LocalServices;
import io.bkm.localservices.TestServices;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.streaming.runtime.tasks.TestProcessingTimeService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import redis.clients.jedis.Jedis;

/** The server-side guards the exact outputs rely on, against the real Elasticsearch and Redis. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WriteGuardsIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private LocalServices svc;
    private ElasticsearchHttp es;

    @BeforeAll
    void services() {
        svc = TestServices.get();
        es = new ElasticsearchHttp(List.of(svc.elasticsearchUrl()), Duration.ofSeconds(30));
    }

    static AlertChange alert(String id, long version, long createTime, String status) {
        return alert(id, version, createTime, status, null);
    }

    private static AlertChange alert(
            String id, long version, long createTime, String status, String name) {
        Alert a = new Alert();
        a.alertName = name;
        a.id = id;
        a.dedupeMd5 = "0123456789abcdef0123456789abcdef";
        a.createTime = createTime;
        a.version = version;
        a.status = status;
        return AlertChanges.of(a);
    }

    private void bulk(BulkWrite... writes) throws Exception {
        HttpResponse<String> r =
                es.sendBytes(
                        "POST",
                        "/_bulk?refresh=true",
                        BulkWrite.body(List.of(writes)),
                        "application/x-ndjson");
        assertThat(r.statusCode()).isEqualTo(200);
    }

    private JsonNode source(String index, String id) throws Exception {
        return MAPPER.readTree(es.send("GET", "/" + index + "/_doc/" + id, null, null).body())
                .get("_source");
    }

    @Test
    void anOlderAlertVersionNeverReplacesANewerOneInElasticsearch() throws Exception {
        var writes = DocumentWrites.alerts("guard_alert");
        bulk(writes.write(alert("17000000001", 5, 1_700_000_000L, "RECOVERED")));
        bulk(
                writes.write(alert("17000000001", 4, 1_700_000_000L, "ABNORMAL")),
                writes.write(alert("17000000001", 5, 1_700_000_000L, "ABNORMAL")));
        JsonNode doc = source("guard_alert_20231114", "17000000001");
        assertThat(doc.get("version").asLong()).isEqualTo(5);
        assertThat(doc.get("status").asText()).isEqualTo("RECOVERED");

        bulk(writes.write(alert("17000000001", 6, 1_700_000_000L, "CLOSED")));
        assertThat(source("guard_alert_20231114", "17000000001").get("status").asText())
                .isEqualTo("CLOSED");
    }

    @Test
    void writesACheckpointHeldWhileElasticsearchWasUnreachableAreWrittenAfterARestore()
            throws Exception {
        BatchSettings batch = new BatchSettings(2, 60_000, 10, 100);
        var unreachable =
                new ElasticsearchBulkSink<>(
                        "alerts",
                        ElasticsearchConnection.open(List.of("http://127.0.0.1:1")),
                        batch,
                        DocumentWrites.alerts("pending_alert"));
        // the answers' mail is never run: this task stops at its checkpoint
        var task =
                new TaskServices(
                        new TestProcessingTimeService(),
                        work -> {},
                        new UnregisteredMetricsGroup());
        CompactingWriter<AlertChange, BulkWrite> before = unreachable.newWriter(task);
        before.write(alert("17000000011", 1, 1_700_000_000L, "ABNORMAL"), null);
        before.write(alert("17000000012", 1, 1_700_000_000L, "ABNORMAL"), null);
        // two writes make a batch, in flight to nowhere; the third waits in the buffer
        before.write(alert("17000000011", 2, 1_700_000_000L, "CLOSED"), null);
        before.flush(false); // a checkpoint waits for neither
        SimpleVersionedSerializer<List<BulkWrite>> serializer =
                unreachable.getWriterStateSerializer();
        List<byte[]> checkpoint = new ArrayList<>();
        for (List<BulkWrite> w : before.snapshotState(1)) {
            checkpoint.add(serializer.serialize(w));
        }
        before.close();

        var reachable =
                new ElasticsearchBulkSink<>(
                        "alerts",
                        ElasticsearchConnection.open(List.of(svc.elasticsearchUrl())),
                        batch,
                        DocumentWrites.alerts("pending_alert"));
        CompactingWriter<AlertChange, BulkWrite> after = reachable.newWriter(task);
        List<BulkWrite> restored = new ArrayList<>();
        for (byte[] b : checkpoint) {
            restored.addAll(serializer.deserialize(serializer.getVersion(), b));
        }
        after.restore(restored);
        after.flush(true);
        after.close();
        es.send("POST", "/pending_alert_20231114/_refresh", null, null);

        assertThat(source("pending_alert_20231114", "17000000011").get("status").asText())
                .isEqualTo("CLOSED");
        assertThat(source("pending_alert_20231114", "17000000012").get("version").asLong())
                .isEqualTo(1);
    }

    @Test
    void anOlderActionVersionNeverReplacesANewerOneInElasticsearch() throws Exception {
        var writes = DocumentWrites.actions("guard_action");
        Action a = new Action();
        a.id = "17000000001.abnormal.1";
        a.alertId = "17000000001";
        a.signal = "abnormal";
        a.createTime = 1_700_000_000L;
        a.version = 2;
        a.executeTimes = 1;
        bulk(writes.write(a));
        Action older = new Action();
        older.id = a.id;
        older.alertId = a.alertId;
        older.signal = a.signal;
        older.createTime = a.createTime;
        older.version = 1;
        older.executeTimes = 99;
        bulk(writes.write(older), writes.write(a)); // a replayed write of the same version too
        JsonNode doc = source("guard_action_20231114", a.id);
        assertThat(doc.get("version").asLong()).isEqualTo(2);
        assertThat(doc.get("execute_times").asInt()).isEqualTo(1);
    }

    @Test
    void anOlderSnapshotNeverReplacesANewerOneInRedis() {
        String prefix = "guard.alert";
        String snapshot = AlertSnapshotWrites.snapshotKey(prefix, "17000000001");
        String current = AlertSnapshotWrites.currentKey(prefix, "0123456789abcdef0123456789abcdef");
        try (Jedis j = new Jedis("127.0.0.1", svc.redisPort())) {
            // a Redis that lost its script cache gets the script again
            j.scriptFlush();
            put(j, prefix, alert("17000000001", 5, 1_700_000_000L, "ABNORMAL"));
            put(j, prefix, alert("17000000001", 4, 1_700_000_000L, "ABNORMAL"));
            assertThat(version(j.get(snapshot))).isEqualTo(5);
            assertThat(version(j.get(current))).isEqualTo(5);
            assertThat(j.ttl(snapshot)).isBetween(1700L, 1800L);

            // a later alert of the same fingerprint takes over the current key
            put(j, prefix, alert("17000036001", 6, 1_700_003_600L, "ABNORMAL"));
            assertThat(MAPPER.readTree(j.get(current)).get("id").asText()).isEqualTo("17000036001");
            // and a late write of the older alert does not take it back
            put(j, prefix, alert("17000000001", 5, 1_700_000_000L, "CLOSED"));
            assertThat(MAPPER.readTree(j.get(current)).get("id").asText()).isEqualTo("17000036001");
            // after the job forgot the fingerprint, versions start again: the create time tells
            put(j, prefix, alert("17000072001", 1, 1_700_007_200L, "ABNORMAL"));
            assertThat(MAPPER.readTree(j.get(current)).get("id").asText()).isEqualTo("17000072001");

            // a held document in another field order is still compared (decoded whole)
            String other = AlertSnapshotWrites.snapshotKey(prefix, "17000000002");
            j.set(other, "{\"version\":9,\"id\":\"17000000002\",\"create_time\":1700000000}");
            put(j, prefix, alert("17000000002", 8, 1_700_000_000L, "ABNORMAL"));
            assertThat(version(j.get(other))).isEqualTo(9);
            put(j, prefix, alert("17000000002", 10, 1_700_000_000L, "ABNORMAL"));
            assertThat(version(j.get(other))).isEqualTo(10);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void alertsWithLongNamesAreComparedInRedisToo() throws Exception {
        String prefix = "guard.long";
        String fingerprint = "0123456789abcdef0123456789abcdef";
        String current = AlertSnapshotWrites.currentKey(prefix, fingerprint);
        try (Jedis j = new Jedis("127.0.0.1", svc.redisPort())) {
            // create_time beyond the bytes the script reads first
            String snapshot = AlertSnapshotWrites.snapshotKey(prefix, "17000000003");
            put(j, prefix, named("17000000003", 7, 1_700_000_000L, "x".repeat(600)));
            put(j, prefix, named("17000000003", 6, 1_700_000_000L, "x".repeat(600)));
            assertThat(version(j.get(snapshot))).isEqualTo(7);

            // create_time cut off by the end of those bytes is not taken for a smaller one
            int length = nameCuttingCreateTime(1_700_003_600L);
            put(j, prefix, named("17000036003", 6, 1_700_003_600L, "y".repeat(length)));
            put(j, prefix, named("17000000003", 5, 1_700_000_000L, "x".repeat(600)));
            assertThat(MAPPER.readTree(j.get(current)).get("id").asText()).isEqualTo("17000036003");
        }
    }

    private static AlertChange named(String id, long version, long createTime, String name) {
        return alert(id, version, createTime, "ABNORMAL", name);
    }

    /** A name length that puts the first four digits of create_time at the head's end. */
    private static int nameCuttingCreateTime(long createTime) {
        for (int length = 0; length < 600; length++) {
            String doc =
                    new String(
                            named("17000036003", 6, createTime, "y".repeat(length)).document,
                            StandardCharsets.UTF_8);
            int digits = doc.indexOf("\"create_time\":") + "\"create_time\":".length();
            if (digits + 4 == 512) {
                return length;
            }
        }
        throw new AssertionError("no name length cuts create_time");
    }

    /** Through the sink's own write path (EVALSHA, replies checked, script reloaded if lost). */
    private static void put(Jedis j, String prefix, AlertChange a) throws Exception {
        RedisSettings settings =
                new RedisSettings(
                        RedisConnection.open("127.0.0.1", 0, 0),
                        prefix,
                        1800,
                        7200,
                        new BatchSettings(1, 1, 1, 1));
        AlertSnapshotWrites.write(
                j,
                settings,
                List.of(
                        new AlertSnapshotWrites.Put(
                                a.id(), a.alert.dedupeMd5, a.version, a.createTime, a.document)));
    }

    private static long version(String json) throws Exception {
        return MAPPER.readTree(json).get("version").asLong();
    }

    @Test
    void templatesAreCreatedOnceAndAChangedOneIsReportedNotReplaced() throws Exception {
        ElasticsearchSettings settings =
                new ElasticsearchSettings(
                        ElasticsearchConnection.open(List.of(svc.elasticsearchUrl())),
                        new BatchSettings(10, 100, 10, 100),
                        new BatchSettings(10, 100, 10, 100),
                        1,
                        1,
                        0,
                        "5s",
                        "500ms",
                        "tpl_event",
                        "tpl_alert",
                        "tpl_log_alert",
                        "tpl_action",
                        "tpl_apm");
        assertThat(settings.installTemplates()).isEmpty();
        assertThat(settings.installTemplates()).as("second start finds them equal").isEmpty();
        JsonNode events =
                MAPPER.readTree(es.send("GET", "/_template/tpl_event", null, null).body());
        assertThat(events.at("/tpl_event/settings/index/refresh_interval").asText())
                .as("the history refreshes at its own interval")
                .isEqualTo("5s");
        JsonNode alerts =
                MAPPER.readTree(es.send("GET", "/_template/tpl_alert", null, null).body());
        assertThat(alerts.at("/tpl_alert/settings/index/refresh_interval").asText())
                .as("alerts, which someone waits for, at theirs")
                .isEqualTo("500ms");
        JsonNode actions =
                MAPPER.readTree(es.send("GET", "/_template/tpl_action", null, null).body());
        assertThat(actions.at("/tpl_action/settings/index").has("refresh_interval"))
                .as("actions keep Elasticsearch's second")
                .isFalse();

        var changed =
                IndexTemplates.template(IndexTemplates.Family.ALERT, "tpl_alert", 1, 0, "500ms");
        ((com.fasterxml.jackson.databind.node.ObjectNode) changed.at("/mappings/properties/status"))
                .put("type", "text");
        es.send("PUT", "/_template/tpl_alert", changed.toString(), "application/json");

        assertThat(settings.installTemplates())
                .containsExactly(
                        "tpl_alert: mappings.properties.status.type: \"keyword\" vs \"text\"");
        JsonNode kept = MAPPER.readTree(es.send("GET", "/_template/tpl_alert", null, null).body());
        assertThat(kept.at("/tpl_alert/mappings/properties/status/type").asText())
                .isEqualTo("text");
    }
}
