package io.bkm.alarm.apm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bkm.alarm.common.InvalidInputException;
import io.bkm.alarm.common.Json;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.types.PojoTestUtils;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TraceSightingsFunctionTest {
    private static final long T = 1_717_400_003L;
    private OneInputStreamOperatorTestHarness<AppBatch, Sighting> h;
    private KeyedOneInputStreamOperatorTestHarness<String, AppTraceSpans, Sighting> traces;
    private ApmApp shop;

    /** What spans showed at once, as they were sent. */
    private final List<String> immediate = new ArrayList<>();

    @BeforeEach
    void open() throws Exception {
        shop =
                ApmApp.parse(
                        1500001,
                        Json.MAPPER.readTree(
                                "{\"bk_biz_id\":2,\"app_name\":\"shop\",\"retention_days\":3}"));
        h =
                new OneInputStreamOperatorTestHarness<>(
                        new ProcessOperator<>(
                                new SpanSightingsFunction(SpecExample.globalRules())));
        h.open();
        traces =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new TraceSightingsFunction(60)),
                        t -> t.traceKey,
                        Types.STRING);
        traces.open();
    }

    @AfterEach
    void close() throws Exception {
        h.close();
        traces.close();
    }

    /** A span through the span stage, and what its trace needs of it on to the trace stage. */
    private void send(long at, Span span) throws Exception {
        send(new AppBatch(shop, at, span));
    }

    private void send(AppBatch in) throws Exception {
        h.processElement(new StreamRecord<>(in, in.seenAt * 1000));
        for (Sighting s : h.extractOutputValues()) {
            immediate.add(s.type + " " + s.key);
        }
        h.getOutput().clear();
        for (StreamRecord<AppTraceSpans> t : drain(SpanSightingsFunction.TRACE_SPANS)) {
            traces.processElement(t);
        }
    }

    private <T> List<StreamRecord<T>> drain(OutputTag<T> tag) {
        List<StreamRecord<T>> out = new ArrayList<>();
        var side = h.getSideOutput(tag);
        if (side != null) {
            out.addAll(side);
            side.clear();
        }
        return out;
    }

    private List<String> watermark(long seconds) throws Exception {
        traces.processWatermark(new Watermark(seconds * 1000));
        List<String> out = new ArrayList<>();
        for (Sighting s : traces.extractOutputValues()) {
            out.add(s.type + " " + s.key + " @" + (s.seenAt - T));
        }
        traces.getOutput().clear();
        return out;
    }

    private static Span span(String json) throws Exception {
        return SpanBatchParser.span(Json.MAPPER.readTree(json));
    }

    /** A client span of {@code web} and the server span of {@code api} it calls, in one trace. */
    private static String[] webCallsApi(String traceId) {
        String client =
                "{\"trace_id\":\""
                        + traceId
                        + "\",\"span_id\":\"c1\",\"span_name\":\"GET /x\","
                        + "\"kind\":3,\"attributes\":{\"http.method\":\"GET\"},"
                        + "\"resource\":{\"service.name\":\"web\"}}";
        String server =
                client.replace("\"span_id\":\"c1\"", "\"span_id\":\"s1\",\"parent_span_id\":\"c1\"")
                        .replace("\"kind\":3", "\"kind\":2")
                        .replace("\"web\"", "\"api\"");
        return new String[] {client, server};
    }

    @Test
    void aHeldTraceShowsItsRootAndItsRemoteCallerWhenItsHoldEnds() throws Exception {
        List<Span> spans = SpecExample.spans();
        send(T, spans.get(2));
        send(T + 5, spans.get(0));
        send(T + 5, spans.get(1));
        assertThat(watermark(T + 59)).isEmpty();
        assertThat(watermark(T + 60))
                .containsExactly(
                        "root_endpoint POST /api/orders:order-svc:http @5",
                        "remote_service_relation rpc:payment-gateway:POST /api/orders:http @5");
        assertThat(traces.numKeyedStateEntries()).isZero();
        assertThat(traces.numEventTimeTimers()).isZero();
    }

    @Test
    void aBatchsSpansGoOnAsOneRecordPerTraceAndShowWhatTheyShowOneByOne() throws Exception {
        List<Span> spans = new ArrayList<>(SpecExample.spans());
        spans.add(span(webCallsApi("t9")[0]));
        h.processElement(new StreamRecord<>(new AppBatch(shop, T, spans.toArray(Span[]::new))));
        assertThat(h.getSideOutput(SpanSightingsFunction.TRACE_SPANS))
                .extracting(r -> r.getValue().traceKey + " " + r.getValue().spans.length)
                .containsExactly("1500001:4bc0c0a20ea0cd49a8ce239c9684553c 3", "1500001:t9 1");
        for (StreamRecord<AppTraceSpans> t : drain(SpanSightingsFunction.TRACE_SPANS)) {
            traces.processElement(t);
        }
        assertThat(watermark(T + 60))
                .containsExactly(
                        "root_endpoint POST /api/orders:order-svc:http @0",
                        "remote_service_relation rpc:payment-gateway:POST /api/orders:http @0");
        assertThat(traces.numKeyedStateEntries()).isZero();
        assertThat(traces.numEventTimeTimers()).isZero();
    }

    @Test
    void aCalleeThatComesWithinTheHoldPairsWithItsCallerAndOneAfterItDoesNot() throws Exception {
        String client = webCallsApi("t2")[0];
        String server = webCallsApi("t2")[1];
        send(T, span(client));
        send(T + 30, span(server));
        assertThat(watermark(T + 60))
                .containsExactly(
                        "root_endpoint GET /x:api:http @30",
                        "topo_relation web:api:sync:service:http @30");
        send(T + 61, span(client));
        assertThat(watermark(T + 130)).as("a client alone shows no root").isEmpty();
        send(T + 200, span(server));
        assertThat(watermark(T + 400)).containsExactly("root_endpoint GET /x:api:http @200");
    }

    @Test
    void tracesOfOneSecondThatShowTheSameEntitiesSendThemOnce() throws Exception {
        String client = webCallsApi("t3")[0];
        String server = webCallsApi("t3")[1];
        for (String trace : List.of("t3", "t4")) {
            send(T, span(client.replace("t3", trace)));
            send(T, span(server.replace("t3", trace)));
        }
        send(T + 1, span(client.replace("t3", "t5")));
        send(T + 1, span(server.replace("t3", "t5")));
        assertThat(watermark(T + 61))
                .containsExactly(
                        "root_endpoint GET /x:api:http @0",
                        "topo_relation web:api:sync:service:http @0",
                        "root_endpoint GET /x:api:http @1",
                        "topo_relation web:api:sync:service:http @1");
        assertThat(traces.numKeyedStateEntries()).isZero();
    }

    @Test
    void anApplicationRecordIsCheckedAndItsOwnRulesComeFirst() throws Exception {
        assertThat(shop.retentionSeconds()).isEqualTo(3 * 86_400L);
        assertThat(shop.bkBizId).isEqualTo("2");
        assertThatThrownBy(
                        () ->
                                ApmApp.parse(
                                        7,
                                        Json.MAPPER.readTree(
                                                "{\"data_id\":8,\"bk_biz_id\":2,\"app_name\":\"a\"}")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("data_id 8");
        assertThatThrownBy(() -> ApmApp.parse(7, Json.MAPPER.readTree("{\"bk_biz_id\":2}")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("app_name");
        assertThatThrownBy(
                        () ->
                                ApmApp.parse(
                                        7,
                                        Json.MAPPER.readTree(
                                                "{\"bk_biz_id\":2,\"app_name\":\"a\","
                                                        + "\"retention_days\":0}")))
                .isInstanceOf(InvalidInputException.class);
        ApmApp own =
                ApmApp.parse(
                        7,
                        Json.MAPPER.readTree(
                                "{\"bk_biz_id\":2,\"app_name\":\"a\",\"rules\":[{\"type\":"
                                    + "\"category\",\"category_id\":\"route\",\"topo_kind\":"
                                    + "\"service\",\"predicate_key\":\"attributes.http.route\"}]}"));
        assertThat(
                        own.rulesWith(SpecExample.globalRules())
                                .category(SpecExample.spans().get(0))
                                .categoryId)
                .isEqualTo("route");
    }

    @Test
    void aSpanShowsItsEndpointsInstancesRelationsAndNodesAtOnce() throws Exception {
        for (Span s : SpecExample.spans()) {
            send(T, s);
        }
        assertThat(immediate).filteredOn(x -> x.startsWith("endpoint ")).hasSize(4);
        assertThat(immediate)
                .contains(
                        "topo_relation order-svc:order-svc-mysql:sync:component:db",
                        "topo_instance"
                                + " order-svc-mysql:mysql:mysql-master:10.0.1.5:3306:component:db"
                                + ":mysql:opentelemetry:1.24.0:java")
                .noneMatch(x -> x.startsWith("root_endpoint "));
        assertThat(h.getSideOutput(SpanSightingsFunction.NODES))
                .extracting(r -> r.getValue().node.topoKey)
                .contains("order-svc", "order-svc-mysql", "rpc:payment-gateway");
        Sighting first =
                SpanSightings.of(shop, SpecExample.rules(), T, SpecExample.spans().get(0)).get(0);
        assertThat(first.appName).isEqualTo("shop");
        assertThat(first.retentionSeconds).isEqualTo(3 * 86_400L);
        assertThat(Json.MAPPER.readTree(first.doc).path("endpoint_name").asText())
                .isEqualTo("POST /api/orders");
    }

    @Test
    void anEntitySeenAgainInTheSameSecondIsSentOnce() throws Exception {
        Span s1 = SpecExample.spans().get(0);
        send(T, s1);
        int once = immediate.size();
        int nodes = h.getSideOutput(SpanSightingsFunction.NODES).size();
        assertThat(once).isPositive();
        send(T, s1);
        assertThat(immediate).as("the same second again").hasSize(once);
        assertThat(h.getSideOutput(SpanSightingsFunction.NODES)).hasSize(nodes);
        send(T + 1, s1);
        assertThat(immediate).as("the next second").hasSize(2 * once);
        assertThat(h.getSideOutput(SpanSightingsFunction.NODES)).hasSize(2 * nodes);
    }

    @Test
    void anApplicationsOwnRulesDecideItsSpans() throws Exception {
        String rules =
                "[{\"type\":\"category\",\"category_id\":\"route\",\"topo_kind\":\"service\","
                        + "\"predicate_key\":\"attributes.http.route\"}]";
        ApmApp own =
                ApmApp.parse(
                        7,
                        Json.MAPPER.readTree(
                                "{\"bk_biz_id\":2,\"app_name\":\"a\",\"rules\":" + rules + "}"));
        assertThat(own.rulesKey).isEqualTo(Json.MAPPER.readTree(rules).toString());
        for (int i = 0; i < 2; i++) {
            send(new AppBatch(own, T + i, SpecExample.spans().get(0)));
        }
        assertThat(immediate)
                .filteredOn(x -> x.startsWith("endpoint "))
                .hasSize(2)
                .allSatisfy(x -> assertThat(x).contains(":route:"));
    }

    @Test
    void theHeldStateIsAFlinkPojo() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(AppBatch.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(TraceSpan.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(TraceSightingsFunction.Held.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(ApmApp.class);
    }
}
