package io.bkm.alarm.apm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bkm.alarm.common.InvalidInputException;
import io.bkm.alarm.common.Json;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

class EndpointDiscoveryTest {
    private static Span span(String json) throws Exception {
        return SpanBatchParser.span(Json.MAPPER.readTree(json));
    }

    private static List<Endpoint> endpoints(List<Span> spans, DiscoverRules rules) {
        List<Endpoint> out = new ArrayList<>();
        spans.forEach(s -> out.addAll(EndpointDiscovery.endpoints(s, rules)));
        return out;
    }

    @Test
    void theSpecsExampleGivesItsFourEndpointsAndItsRoot() throws Exception {
        DiscoverRules rules = SpecExample.rules();
        List<Span> spans = SpecExample.spans();
        assertThat(endpoints(spans, rules))
                .containsExactly(
                        new Endpoint(
                                "POST /api/orders", "order-svc", "http", "http.method", "POST", 2),
                        new Endpoint("SELECT orders", "order-svc", "db", "db.system", "mysql", 3),
                        new Endpoint(
                                "payment.PaymentService/Charge",
                                "order-svc",
                                "rpc",
                                "rpc.system",
                                "grpc",
                                3),
                        new Endpoint(
                                "payment.PaymentService/Charge",
                                "rpc:payment-gateway",
                                "rpc",
                                "rpc.system",
                                "grpc",
                                3));
        assertThat(EndpointDiscovery.root(spans, rules))
                .isEqualTo(new RootEndpoint("POST /api/orders", "order-svc", "http"));
        assertThat(endpoints(spans, rules).get(0).cacheKey())
                .isEqualTo("2:POST:http.method:http:order-svc:POST /api/orders");
        assertThat(EndpointDiscovery.root(spans, rules).cacheKey())
                .isEqualTo("POST /api/orders:order-svc:http");
    }

    @Test
    void theKeysOfTheExample() throws Exception {
        DiscoverRules rules = SpecExample.rules();
        List<Span> s = SpecExample.spans();
        DiscoverRule db = rules.component(s.get(1));
        assertThat(db.categoryId).isEqualTo("db");
        assertThat(rules.component(s.get(0))).isNull();
        assertThat(rules.component(s.get(2))).isNull();
        assertThat(TopoKeys.componentNode(s.get(1), db)).isEqualTo("order-svc-mysql");
        assertThat(TopoKeys.componentInstance(s.get(1), db))
                .isEqualTo("mysql:mysql-master:10.0.1.5:3306");
        assertThat(TopoKeys.peerService(s.get(2))).isEqualTo("payment-gateway");
        assertThat(TopoKeys.peerService(s.get(0))).isNull();
        // a component match, matched again without its category, falls back to other
        assertThat(rules.category(s.get(1), "db").categoryId).isEqualTo("other");
        assertThat(rules.category(s.get(2)).sort).isEqualTo(4);
        assertThat(rules.system(s.get(2)).categoryId).isEqualTo("grpc");
        assertThat(rules.platform(s.get(0)).categoryId).isEqualTo("k8s");
        assertThat(rules.sdk(s.get(0)).categoryId).isEqualTo("sdk");
    }

    @Test
    void presentIsPythonsTruthAndTheCategoryKindOnlyNeedsTheKeyToExist() throws Exception {
        Span s =
                span(
                        "{\"trace_id\":\"t\",\"span_id\":\"s\",\"kind\":2,\"span_name\":\"n\","
                                + "\"attributes\":{\"http.method\":\"\",\"a\":0,\"b\":false,"
                                + "\"c\":[],\"d\":null,\"e\":\"0\",\"f\":0.0,\"g\":{\"x\":1}},"
                                + "\"resource\":{\"service.name\":\"svc\"}}");
        for (String falsy : List.of("a", "b", "c", "d", "f", "http.method", "missing")) {
            assertThat(s.present("attributes." + falsy)).as(falsy).isFalse();
        }
        assertThat(s.present("attributes.e")).isTrue();
        assertThat(s.present("attributes.g")).isTrue();
        assertThat(s.present("attributes.e,attributes.a")).isFalse();
        assertThat(s.present("")).isFalse();
        assertThat(TopoKeys.categoryKind(s)).containsExactly("http.method", "");
        // no present predicate: the other rule, and the endpoint still counts
        assertThat(EndpointDiscovery.endpoints(s, SpecExample.rules()))
                .containsExactly(new Endpoint("n", "svc", "other", "http.method", "", 2));
        assertThat(TopoKeys.categoryKind(span("{\"trace_id\":\"t\",\"span_id\":\"s\",\"kind\":2}")))
                .containsExactly("", "");
    }

    @Test
    void anApplicationsRulesComeBeforeTheGlobalOnes() throws Exception {
        DiscoverRule own =
                DiscoverRules.read(
                                Json.MAPPER.readTree(
                                        "[{\"type\":\"category\",\"category_id\":\"orders\","
                                                + "\"topo_kind\":\"service\",\"sort\":9,"
                                                + "\"predicate_key\":\"attributes.http.route\","
                                                + "\"endpoint_key\":\"attributes.http.route\"}]"))
                        .get(0);
        DiscoverRules rules = new DiscoverRules(List.of(own), SpecExample.globalRules());
        assertThat(EndpointDiscovery.endpoints(SpecExample.spans().get(0), rules))
                .containsExactly(
                        new Endpoint(
                                "/api/orders", "order-svc", "orders", "http.method", "POST", 2));
        assertThatThrownBy(
                        () ->
                                DiscoverRules.read(
                                        Json.MAPPER.readTree(
                                                "[{\"type\":\"category\",\"category_id\":\"x\","
                                                        + "\"predicate_key\":\"a.b\"}]")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("topo_kind");
    }

    @Test
    void internalSpansAndSpansWithoutAServiceHaveNoEndpoint() throws Exception {
        DiscoverRules rules = SpecExample.rules();
        assertThat(
                        EndpointDiscovery.endpoints(
                                span(SpecExample.S1.replace("\"kind\":2", "\"kind\":1")), rules))
                .isEmpty();
        assertThat(
                        EndpointDiscovery.endpoints(
                                span(SpecExample.S1.replace("\"service.name\":\"order-svc\",", "")),
                                rules))
                .isEmpty();
        assertThat(
                        EndpointDiscovery.endpoints(
                                span(SpecExample.S3.replace("\"payment-gateway\"", "\"\"")), rules))
                .hasSize(1);
    }

    @Test
    void theRootIsTheFirstServerOrProducerSpanAndTheLongerOfTwoThatStartTogether()
            throws Exception {
        DiscoverRules rules = SpecExample.rules();
        Span client = span(SpecExample.S2.replace("1717400000110000", "1717400000000000"));
        Span shortServer =
                span(
                        SpecExample.S1
                                .replace("POST /api/orders", "GET /short")
                                .replace("\"elapsed_time\":80000", "\"elapsed_time\":10"));
        Span longServer = span(SpecExample.S1);
        assertThat(EndpointDiscovery.root(List.of(client, shortServer, longServer), rules))
                .isEqualTo(new RootEndpoint("POST /api/orders", "order-svc", "http"));
        assertThat(EndpointDiscovery.root(List.of(client), rules)).isNull();
    }

    @Test
    void aBatchKeepsItsGoodSpansAndNamesTheBadOnes() throws Exception {
        SpanBatch b =
                SpanBatchParser.parse(
                        Json.MAPPER.readTree(
                                SpecExample.batch(
                                        SpecExample.S1,
                                        "{\"span_id\":\"x\",\"kind\":2}",
                                        "7",
                                        SpecExample.S2)),
                        0);
        assertThat(b.dataId).isEqualTo(1500001);
        assertThat(b.time).isEqualTo(1717400003);
        assertThat(b.spans)
                .extracting(s -> s.spanId)
                .containsExactly("a1b2c3d4e5f60001", "a1b2c3d4e5f60002");
        assertThat(b.rejected)
                .extracting(r -> r.reason + " " + r.json)
                .containsExactly("missing_field {\"span_id\":\"x\",\"kind\":2}", "wrong_shape 7");
        assertThatThrownBy(
                        () ->
                                SpanBatchParser.parse(
                                        Json.MAPPER.readTree("{\"data_id\":1,\"items\":{}}"), 0))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> SpanBatchParser.parse(Json.MAPPER.readTree("{\"items\":[]}"), 0))
                .isInstanceOf(InvalidInputException.class)
                .extracting(e -> ((InvalidInputException) e).reason())
                .isEqualTo("missing_field");
    }

    @Test
    void theTypesAreFlinkPojos() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(Span.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(SpanBatch.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(Endpoint.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(RootEndpoint.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(DiscoverRule.class);
    }
}
