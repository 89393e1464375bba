package io.bkm.alarm.job.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bkm.alarm.demo.SeedCmdb;
import io.bkm.alarm.job.config.JobSettings;
import io.bkm.localservices.LocalServices;
import io.bkm.localservices.TestServices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.junit.jupiter.api.Test;

/**
 * APM discovery on the running job, through the real Kafka, Elasticsearch and the CMDB cache in
 * Redis: the spec's worked trace (apm-discovery.md §1.2), reported by two applications of two
 * businesses, becomes the entities the spec predicts for each; the job stopped with a savepoint and
 * restored carries their first sightings on; an application with a short retention has its entities
 * deleted and announced expired when the retention passes, with no span coming.
 */
public class ApmDiscoveryIT {
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final long SHOP = 1500001;
    private static final long PAY = 1500002;
    private static final long OLD = 1500003;

    /** The trace of the spec's example, with its spans' host on {@code ip}. */
    static String exampleBatch(long dataId, long time, String ip) {
        return batch(
                dataId,
                time,
                new String[] {trace("4bc0c0a20ea0cd49a8ce239c9684553c", "order-svc", ip)});
    }

    /** A trace batch of {@code traces} (each {@link #trace}'s spans). */
    public static String batch(long dataId, long time, String... traces) {
        return "{\"data_id\":"
                + dataId
                + ",\"time\":"
                + time
                + ",\"items\":["
                + String.join(",", traces)
                + "]}";
    }

    /**
     * The spans of the spec's example trace (apm-discovery.md §1.2) under {@code traceId}, of
     * {@code service} on {@code ip}.
     */
    public static String trace(String traceId, String service, String ip) {
        String resource =
                "{\"service.name\":\""
                        + service
                        + "\",\"bk.instance.id\":\"java:"
                        + service
                        + ":order-7d9f:10.0.0.12:8080\","
                        + "\"net.host.ip\":\""
                        + ip
                        + "\",\"telemetry.sdk.name\":\"opentelemetry\","
                        + "\"telemetry.sdk.version\":\"1.24.0\",\"telemetry.sdk.language\":\"java\","
                        + "\"k8s.bcs.cluster.id\":\"BCS-K8S-00001\",\"k8s.namespace.name\":\"shop\","
                        + "\"k8s.pod.name\":\"order-7d9f\"}";
        String trace = "\"trace_id\":\"" + traceId + "\"";
        String s1 =
                "{"
                        + trace
                        + ",\"span_id\":\"a1\",\"parent_span_id\":\"\","
                        + "\"span_name\":\"POST /api/orders\",\"kind\":2,"
                        + "\"start_time\":1717400000100000,\"elapsed_time\":80000,"
                        + "\"attributes\":{\"http.method\":\"POST\",\"http.route\":\"/api/orders\","
                        + "\"http.status_code\":200},\"resource\":"
                        + resource
                        + "}";
        String s2 =
                "{"
                        + trace
                        + ",\"span_id\":\"a2\",\"parent_span_id\":\"a1\","
                        + "\"span_name\":\"SELECT orders\",\"kind\":3,"
                        + "\"start_time\":1717400000110000,\"elapsed_time\":15000,"
                        + "\"attributes\":{\"db.system\":\"mysql\",\"db.name\":\"orders\","
                        + "\"net.peer.name\":\"mysql-master\",\"net.peer.ip\":\"10.0.1.5\","
                        + "\"net.peer.port\":3306},\"resource\":"
                        + resource
                        + "}";
        String s3 =
                "{"
                        + trace
                        + ",\"span_id\":\"a3\",\"parent_span_id\":\"a1\","
                        + "\"span_name\":\"payment.PaymentService/Charge\",\"kind\":3,"
                        + "\"start_time\":1717400000130000,\"elapsed_time\":40000,"
                        + "\"attributes\":{\"rpc.system\":\"grpc\","
                        + "\"rpc.service\":\"payment.PaymentService\",\"rpc.method\":\"Charge\","
                        + "\"net.peer.name\":\"payment-gw\",\"net.peer.port\":9090,"
                        + "\"peer.service\":\"payment-gateway\"},\"resource\":"
                        + resource
                        + "}";
        return String.join(",", s1, s2, s3);
    }

    /**
     * The entities the spec's example predicts, as type and identity, for a host instance; the one
     * difference from bk-monitor is chosen and written down.
     */
    static List<String> predicted(String hostInstance) {
        return List.of(
                "endpoint 2:POST:http.method:http:order-svc:POST /api/orders",
                "endpoint 3:mysql:db.system:db:order-svc:SELECT orders",
                "endpoint 3:grpc:rpc.system:rpc:order-svc:payment.PaymentService/Charge",
                "endpoint 3:grpc:rpc.system:rpc:rpc:payment-gateway:payment.PaymentService/Charge",
                "root_endpoint POST /api/orders:order-svc:http",
                "host_instance " + hostInstance,
                "topo_instance order-svc:java:order-svc:order-7d9f:10.0.0.12:8080:service:None"
                        + ":None:opentelemetry:1.24.0:java",
                "topo_instance order-svc-mysql:mysql:mysql-master:10.0.1.5:3306:component:db"
                        + ":mysql:opentelemetry:1.24.0:java",
                "topo_node order-svc",
                "topo_node order-svc-mysql",
                "topo_node rpc:payment-gateway",
                "topo_relation order-svc:order-svc-mysql:sync:component:db",
                // bk-monitor types every remote edge http; here it is the remote service's own
                // category (functions/README.md)
                "topo_relation order-svc:rpc:payment-gateway:sync:remote_service:rpc",
                "remote_service_relation rpc:payment-gateway:POST /api/orders:http");
    }

    @Test
    void twoApplicationsTracesBecomeTheirEntitiesCarriedOnFromASavepointAndExpireOnTime()
            throws Exception {
        LocalServices svc = TestServices.get();
        KafkaTopics kafka = new KafkaTopics(svc.kafkaBootstrap());
        String run = "apm";
        JobSettings s =
                JobRuns.runningSettings(
                        svc,
                        run,
                        "--apm.trace-hold-seconds",
                        "2",
                        "--apm.touch-interval-seconds",
                        "5",
                        "--apm.app-wait-ms",
                        "2000",
                        "--apm.quiet-ms",
                        "2000",
                        "--apm.out-of-orderness-ms",
                        "1000");
        SeedCmdb.Host host = JobRuns.seedHosts(svc, run, 1).get(0); // business 2
        String ip = host.ip();
        long now = System.currentTimeMillis() / 1000;
        JobRuns.createTopics(s);
        kafka.produce(
                s.topics().config(),
                List.of(
                        app(SHOP, "{\"bk_biz_id\":2,\"app_name\":\"shop\"}", now),
                        app(PAY, "{\"bk_biz_id\":3,\"app_name\":\"pay\"}", now),
                        app(
                                OLD,
                                "{\"bk_biz_id\":2,\"app_name\":\"old\",\"retention_days\":1}",
                                now),
                        app(7, "{\"app_name\":\"no business\"}", now)));
        String unknown = exampleBatch(999, now, ip);
        kafka.produce(
                s.topics().apmSpan(),
                List.of(
                        KafkaTopics.Message.of(null, exampleBatch(SHOP, now, ip), now * 1000),
                        KafkaTopics.Message.of(null, exampleBatch(PAY, now, ip), now * 1000),
                        KafkaTopics.Message.of(null, unknown, now * 1000)));

        String hostOfShop = "0:" + host.hostId() + ":" + ip + ":order-svc";
        String hostOfPay = "-1:None:" + ip + ":order-svc"; // the host is business 2's
        Map<String, List<String>> byApp = new TreeMap<>();
        byApp.put("shop", sorted(predicted(hostOfShop)));
        byApp.put("pay", sorted(predicted(hostOfPay)));
        String index = s.elasticsearch().apmIndex() + "_*";
        ElasticsearchDocs es = new ElasticsearchDocs(svc.elasticsearchUrl());

        JobClient first =
                JobRuns.start(s, UnaryOperator.identity(), UnaryOperator.identity(), null);
        String savepoint;
        try {
            Collection<JsonNode> docs = es.await(index, d -> d.size() >= 28, PATIENCE);
            assertThat(entities(es, s.elasticsearch().apmIndex())).isEqualTo(byApp);
            assertThat(docs)
                    .allSatisfy(
                            d -> {
                                assertThat(d.path("first_seen").asLong()).isEqualTo(now);
                                assertThat(d.path("last_seen").asLong()).isEqualTo(now);
                            });
            List<JsonNode> created =
                    awaitChanges(kafka, s, all -> ops(all, "shop", "pay", "created").size() == 28);
            assertThat(ops(created, "shop", "pay", "created"))
                    .as("one created change per entity")
                    .doesNotHaveDuplicates();
            assertThat(created)
                    .extracting(c -> c.path("op").asText())
                    .as("a node's observations of one second apply as one")
                    .containsOnly("created");
            JsonNode root =
                    created.stream()
                            .filter(c -> c.path("type").asText().equals("root_endpoint"))
                            .filter(c -> c.path("app_name").asText().equals("shop"))
                            .findFirst()
                            .orElseThrow();
            assertThat(root.path("doc").path("endpoint_name").asText())
                    .isEqualTo("POST /api/orders");
            assertThat(root.path("bk_biz_id").asText()).isEqualTo("2");

            List<JsonNode> letters =
                    kafka.awaitCommitted(s.topics().deadLetter(), 2, PATIENCE).stream()
                            .map(KafkaTopics.Received::json)
                            .toList();
            assertThat(letters)
                    .extracting(d -> d.path("reason").asText())
                    .containsExactlyInAnyOrder("unknown_application", "missing_field");
            assertThat(letters)
                    .filteredOn(d -> d.path("reason").asText().equals("unknown_application"))
                    .singleElement()
                    .satisfies(d -> assertThat(d.path("payload").asText()).isEqualTo(unknown));
            savepoint =
                    first.stopWithSavepoint(false, savepoints(), SavepointFormatType.CANONICAL)
                            .get(2, TimeUnit.MINUTES);
        } catch (Throwable t) {
            var result = first.getJobExecutionResult();
            if (result.isDone()) {
                // the job ended on its own: that failure is what went wrong
                result.get();
            }
            first.cancel();
            throw t;
        }

        // restored: the shop's trace again, a touch interval later, and an application whose
        // retention has all but passed
        long later = now + 6;
        kafka.produce(
                s.topics().apmSpan(),
                List.of(
                        KafkaTopics.Message.of(null, exampleBatch(SHOP, later, ip), later * 1000),
                        KafkaTopics.Message.of(
                                null, exampleBatch(OLD, now - 86_400 + 25, ip), later * 1000)));
        JobRuns.whileRunning(
                s,
                savepoint,
                () -> {
                    List<JsonNode> touched =
                            ofApp(
                                    es.await(
                                            index,
                                            d ->
                                                    ofApp(d, "shop").stream()
                                                                    .filter(
                                                                            x ->
                                                                                    x.path(
                                                                                                            "last_seen")
                                                                                                    .asLong()
                                                                                            == later)
                                                                    .count()
                                                            == 14,
                                            PATIENCE),
                                    "shop");
                    assertThat(touched)
                            .hasSize(14)
                            .allSatisfy(
                                    d ->
                                            assertThat(d.path("first_seen").asLong())
                                                    .as("carried on from the savepoint")
                                                    .isEqualTo(now));

                    // the old application's entities are created, then expire by the clock
                    es.await(index, d -> ofApp(d, "old").size() == 3, PATIENCE);
                    Map<String, List<String>> kept = entities(es, s.elasticsearch().apmIndex());
                    assertThat(kept.get("old"))
                            .as("topology nodes are kept for the node retention")
                            .containsExactly(
                                    "topo_node order-svc",
                                    "topo_node order-svc-mysql",
                                    "topo_node rpc:payment-gateway");
                    List<JsonNode> all =
                            awaitChanges(
                                    kafka, s, c -> ops(c, "old", "old", "expired").size() == 11);
                    assertThat(all)
                            .filteredOn(c -> c.path("op").asText().equals("expired"))
                            .allSatisfy(
                                    c -> {
                                        assertThat(c.path("app_name").asText()).isEqualTo("old");
                                        assertThat(c.path("reason").asText())
                                                .isEqualTo("retention");
                                        assertThat(c.path("type").asText())
                                                .isNotEqualTo("topo_node");
                                    });
                    assertThat(ops(all, "old", "old", "created")).hasSize(14);
                    assertThat(ops(all, "shop", "shop", "created"))
                            .as("nothing of the shop is created twice")
                            .hasSize(14)
                            .doesNotHaveDuplicates();
                    assertThat(Set.copyOf(ops(all, "shop", "shop", "updated")))
                            .as("every entity of the shop touched after the restore")
                            .hasSize(14);
                    assertThat(kept.get("pay")).isEqualTo(byApp.get("pay"));
                });
    }

    private static List<String> sorted(List<String> l) {
        return List.copyOf(new TreeSet<>(l));
    }

    private static KafkaTopics.Message app(long dataId, String json, long now) {
        return KafkaTopics.Message.of("apm_app:" + dataId, json, now * 1000);
    }

    /** The identity fields of each type's documents, in the order its key joins them. */
    private static final Map<String, List<String>> IDENTITY =
            Map.of(
                    "endpoint",
                    List.of(
                            "span_kind",
                            "category_kind_value",
                            "category_kind_key",
                            "category_id",
                            "service_name",
                            "endpoint_name"),
                    "root_endpoint",
                    List.of("endpoint_name", "service_name", "category_id"),
                    "host_instance",
                    List.of("bk_cloud_id", "bk_host_id", "ip", "topo_node_key"),
                    "topo_instance",
                    List.of(
                            "topo_node_key",
                            "instance_id",
                            "instance_topo_kind",
                            "component_instance_category",
                            "component_instance_predicate_value",
                            "sdk_name",
                            "sdk_version",
                            "sdk_language"),
                    "topo_node",
                    List.of("topo_key"),
                    "topo_relation",
                    List.of(
                            "from_topo_key",
                            "to_topo_key",
                            "kind",
                            "to_topo_key_kind",
                            "to_topo_key_category"),
                    "remote_service_relation",
                    List.of("topo_node_key", "from_endpoint_name", "category"));

    /**
     * app → its entities as type and identity (the document's fields joined as bk-monitor's
     * heartbeat keys join them, absent as None), sorted.
     */
    static Map<String, List<String>> entities(ElasticsearchDocs es, String indexPrefix)
            throws Exception {
        Map<String, TreeSet<String>> out = new TreeMap<>();
        for (Map.Entry<String, List<String>> type : IDENTITY.entrySet()) {
            Map<String, JsonNode> docs;
            try {
                docs = es.all(indexPrefix + "_" + type.getKey());
            } catch (IllegalStateException noIndex) {
                continue;
            }
            for (JsonNode d : docs.values()) {
                List<String> values = new ArrayList<>();
                for (String f : type.getValue()) {
                    values.add(d.hasNonNull(f) ? d.get(f).asText() : "None");
                }
                out.computeIfAbsent(d.path("app_name").asText(), a -> new TreeSet<>())
                        .add(type.getKey() + " " + String.join(":", values));
            }
        }
        Map<String, List<String>> sorted = new TreeMap<>();
        out.forEach((app, set) -> sorted.put(app, List.copyOf(set)));
        return sorted;
    }

    /** The changelog's committed records once {@code done} holds for them. */
    private static List<JsonNode> awaitChanges(
            KafkaTopics kafka, JobSettings s, Predicate<List<JsonNode>> done) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            List<JsonNode> all =
                    kafka.readCommitted(s.topics().apmDiscover()).stream()
                            .map(KafkaTopics.Received::json)
                            .toList();
            if (done.test(all)) {
                return all;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the changelog is not as awaited: " + all);
            }
            Thread.sleep(500);
        }
    }

    /** The documents of application {@code app}. */
    private static List<JsonNode> ofApp(Collection<JsonNode> docs, String app) {
        return docs.stream().filter(d -> d.path("app_name").asText().equals(app)).toList();
    }

    /** The ids of the changes {@code op} of applications {@code a} and {@code b}. */
    private static List<String> ops(List<JsonNode> changes, String a, String b, String op) {
        return changes.stream()
                .filter(c -> c.path("op").asText().equals(op))
                .filter(c -> List.of(a, b).contains(c.path("app_name").asText()))
                .map(c -> c.path("id").asText())
                .toList();
    }

    private static String savepoints() {
        return TestServices.repoRoot().resolve("job/target/it-savepoints").toUri().toString();
    }
}
