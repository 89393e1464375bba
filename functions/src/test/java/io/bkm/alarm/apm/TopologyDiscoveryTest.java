package io.bkm.alarm.apm;

import static org.assertj.core.api.Assertions.assertThat;

import io.bkm.alarm.common.Json;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

class TopologyDiscoveryTest {
    private static Span span(String service, String id, String parent, int kind, String attributes)
            throws Exception {
        return SpanBatchParser.span(
                Json.MAPPER.readTree(
                        ("{\"trace_id\":\"t1\",\"span_id\":\"%s\",\"parent_span_id\":\"%s\","
                                        + "\"span_name\":\"op-%s\",\"kind\":%d,"
                                        + "\"attributes\":%s,"
                                        + "\"resource\":{\"service.name\":\"%s\"}}")
                                .formatted(id, parent, id, kind, attributes, service)));
    }

    @Test
    void theSpecsExampleGivesItsInstancesRelationsAndRemoteCaller() throws Exception {
        DiscoverRules rules = SpecExample.rules();
        List<Span> spans = SpecExample.spans();
        Set<TopoInstance> instances = new LinkedHashSet<>();
        List<TopoRelation> relations = new ArrayList<>();
        for (Span s : spans) {
            instances.addAll(InstanceDiscovery.instances(s, rules));
            relations.addAll(RelationDiscovery.single(s, rules, RelationDiscovery.NO_NODES));
        }
        relations.addAll(RelationDiscovery.pairs(spans, rules, RelationDiscovery.NO_NODES));
        assertThat(instances)
                .containsExactly(
                        new TopoInstance(
                                "order-svc",
                                "java:order-svc:order-7d9f:10.0.0.12:8080",
                                "service",
                                null,
                                null,
                                "opentelemetry",
                                "1.24.0",
                                "java"),
                        new TopoInstance(
                                "order-svc-mysql",
                                "mysql:mysql-master:10.0.1.5:3306",
                                "component",
                                "db",
                                "mysql",
                                "opentelemetry",
                                "1.24.0",
                                "java"));
        assertThat(relations)
                .containsExactly(
                        new TopoRelation("order-svc", "order-svc-mysql", "sync", "component", "db"),
                        // bk-monitor types every remote relation http
                        new TopoRelation(
                                "order-svc",
                                "rpc:payment-gateway",
                                "sync",
                                "remote_service",
                                "rpc"));
        assertThat(RelationDiscovery.remoteCallers(spans, rules))
                .containsExactly(
                        new RemoteServiceRelation(
                                "rpc:payment-gateway", "POST /api/orders", "http"));
        assertThat(InstanceDiscovery.serviceHost(spans.get(0)))
                .containsExactly("order-svc", "10.0.0.12");
        assertThat(instances.iterator().next().cacheKey())
                .isEqualTo(
                        "order-svc:java:order-svc:order-7d9f:10.0.0.12:8080:service:None:None"
                                + ":opentelemetry:1.24.0:java");
    }

    @Test
    void aClientsServerChildIsASyncEdgeBetweenServices() throws Exception {
        DiscoverRules rules = SpecExample.rules();
        Span client = span("web", "c1", "", Span.KIND_CLIENT, "{\"http.method\":\"GET\"}");
        Span server = span("api", "s1", "c1", Span.KIND_SERVER, "{\"http.method\":\"GET\"}");
        Span orphan = span("api", "s2", "elsewhere", Span.KIND_SERVER, "{\"http.method\":\"GET\"}");
        assertThat(
                        RelationDiscovery.pairs(
                                List.of(server, client, orphan), rules, RelationDiscovery.NO_NODES))
                .containsExactly(new TopoRelation("web", "api", "sync", "service", "http"));
        // a server's parent must be a client or producer
        Span internal = span("web", "c1", "", 1, "{}");
        assertThat(
                        RelationDiscovery.pairs(
                                List.of(internal, server), rules, RelationDiscovery.NO_NODES))
                .isEmpty();
    }

    @Test
    void aProducerWithAMiddlewareReachesItsConsumersThroughIt() throws Exception {
        DiscoverRules rules = SpecExample.rules();
        String kafka = "{\"messaging.system\":\"kafka\"}";
        Span producer = span("orders", "p1", "", Span.KIND_PRODUCER, kafka);
        Span consumerOwn = span("billing", "k1", "p1", Span.KIND_CONSUMER, kafka);
        Span consumerQueue =
                span("mailer", "k2", "p1", Span.KIND_CONSUMER, "{\"messaging.destination\":\"q\"}");
        Span consumerSame = span("orders", "k3", "p1", Span.KIND_CONSUMER, kafka);
        RelationDiscovery.Nodes nodes =
                key -> key.equals("orders") ? new String[] {"service", "rpc"} : null;
        assertThat(
                        RelationDiscovery.pairs(
                                List.of(producer, consumerOwn, consumerQueue, consumerSame),
                                rules,
                                nodes))
                .containsExactly(
                        new TopoRelation(
                                "orders", "orders-kafka", "async", "component", "messaging"),
                        new TopoRelation(
                                "orders-kafka", "billing-kafka", "async", "component", "messaging"),
                        new TopoRelation(
                                "orders-kafka", "mailer", "async", "service", "async_backend"),
                        new TopoRelation("orders-kafka", "orders", "async", "service", "rpc"));
    }

    @Test
    void aConsumerOfAMiddlewareIsAnEdgeFromItTypedAsTheServiceIsKnown() throws Exception {
        DiscoverRules rules = SpecExample.rules();
        Span consumer =
                span("billing", "k1", "", Span.KIND_CONSUMER, "{\"messaging.system\":\"kafka\"}");
        assertThat(RelationDiscovery.single(consumer, rules, RelationDiscovery.NO_NODES))
                .containsExactly(
                        new TopoRelation("billing-kafka", "billing", "async", "service", "http"));
        assertThat(
                        RelationDiscovery.single(
                                consumer, rules, key -> new String[] {"service", "rpc"}))
                .containsExactly(
                        new TopoRelation("billing-kafka", "billing", "async", "service", "rpc"));
        // a peer service without any category-kind attribute names no edge
        Span bare = span("web", "c9", "", Span.KIND_CLIENT, "{\"peer.service\":\"x\"}");
        assertThat(RelationDiscovery.single(bare, rules, RelationDiscovery.NO_NODES)).isEmpty();
    }

    @Test
    void instancesNeedAnInstanceIdWithSomethingInIt() throws Exception {
        DiscoverRules rules = SpecExample.rules();
        Span empty =
                SpanBatchParser.span(
                        Json.MAPPER.readTree(
                                SpecExample.S1.replace(
                                        "java:order-svc:order-7d9f:10.0.0.12:8080", "::::")));
        assertThat(InstanceDiscovery.instances(empty, rules)).isEmpty();
        Span noHost = span("web", "c1", "", Span.KIND_CLIENT, "{\"net.host.ip\":\"10.1.1.1\"}");
        assertThat(InstanceDiscovery.serviceHost(noHost)).containsExactly("web", "10.1.1.1");
        assertThat(InstanceDiscovery.serviceHost(span("web", "c1", "", 3, "{}"))).isNull();
    }

    @Test
    void theIdentitiesAreFlinkPojos() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(TopoInstance.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(TopoRelation.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(RemoteServiceRelation.class);
    }
}
