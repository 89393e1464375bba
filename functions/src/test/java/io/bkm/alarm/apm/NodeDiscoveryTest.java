package io.bkm.alarm.apm;

import static org.assertj.core.api.Assertions.assertThat;

import io.bkm.alarm.common.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

class NodeDiscoveryTest {
    /** The nodes the spans show, merged in the order given. */
    private static Map<String, TopoNode> nodes(List<Span> spans, DiscoverRules rules) {
        Map<String, TopoNode> out = new TreeMap<>();
        for (Span s : spans) {
            for (TopoNode seen : NodeDiscovery.observe(s, rules)) {
                TopoNode stored = out.get(seen.topoKey);
                if (stored == null) {
                    out.put(seen.topoKey, seen);
                } else {
                    stored.merge(seen);
                }
            }
        }
        return out;
    }

    private static List<List<Span>> orders(List<Span> s) {
        return List.of(
                List.of(s.get(0), s.get(1), s.get(2)),
                List.of(s.get(0), s.get(2), s.get(1)),
                List.of(s.get(1), s.get(0), s.get(2)),
                List.of(s.get(1), s.get(2), s.get(0)),
                List.of(s.get(2), s.get(0), s.get(1)),
                List.of(s.get(2), s.get(1), s.get(0)));
    }

    @Test
    void theSpecsExampleGivesItsThreeNodesInWhateverOrderTheSpansCome() throws Exception {
        DiscoverRules rules = SpecExample.rules();
        List<String> seen = new ArrayList<>();
        for (List<Span> order : orders(SpecExample.spans())) {
            seen.add(nodes(order, rules).toString());
        }
        assertThat(seen).allMatch(seen.get(0)::equals);
        Map<String, TopoNode> n = nodes(SpecExample.spans(), rules);
        assertThat(n).containsOnlyKeys("order-svc", "order-svc-mysql", "rpc:payment-gateway");
        TopoNode svc = n.get("order-svc");
        // served HTTP says what it is; the gRPC call it makes does not (bk-monitor: the last span)
        assertThat(List.of(svc.category, svc.kind, svc.predicateValue, svc.serviceLanguage))
                .containsExactly("http", "service", "POST", "java");
        assertThat(svc.system)
                .containsExactly(
                        new NodeTag(
                                "grpc",
                                new SpanField[] {
                                    new SpanField("attributes.rpc.system", "grpc", true)
                                }));
        assertThat(svc.platform.name).isEqualTo("k8s");
        assertThat(svc.platform.extraData)
                .extracting(f -> f.key + "=" + f.text)
                .containsExactly(
                        "resource.k8s.bcs.cluster.id=BCS-K8S-00001",
                        "resource.k8s.pod.name=order-7d9f",
                        "resource.k8s.namespace.name=shop");
        assertThat(svc.sdk).extracting(t -> t.name).containsExactly("opentelemetry");
        TopoNode db = n.get("order-svc-mysql");
        assertThat(List.of(db.category, db.kind, db.predicateValue, db.serviceLanguage))
                .containsExactly("db", "component", "mysql", "java");
        TopoNode remote = n.get("rpc:payment-gateway");
        assertThat(
                        List.of(
                                remote.category,
                                remote.kind,
                                remote.predicateValue,
                                remote.serviceLanguage))
                .containsExactly("rpc", "remote_service", "payment-gateway", "");
    }

    @Test
    void otherNeverReplacesACategoryAndOnlyFillsWhatIsMissing() throws Exception {
        TopoNode stored = new TopoNode("svc", "http", "service", "GET", "java");
        stored.categoryRank = 5;
        assertThat(stored.merge(new TopoNode("svc", "other", "service", null, "go"))).isFalse();
        assertThat(stored.category).isEqualTo("http");
        TopoNode other = new TopoNode("svc", "other", "service", null, null);
        assertThat(other.merge(new TopoNode("svc", "other", "service", null, "go"))).isTrue();
        assertThat(other.serviceLanguage).isEqualTo("go");
        TopoNode http = new TopoNode("svc", "http", "service", "GET", "go");
        http.categoryRank = 5;
        assertThat(other.merge(http)).isTrue();
        assertThat(other.category).isEqualTo("http");
    }

    @Test
    void systemsAndSdksAddUpAndTheNewestSpanSaysThePlatform() throws Exception {
        TopoNode a = new TopoNode("svc", "http", "service", "GET", "java");
        a.system =
                new NodeTag[] {
                    new NodeTag("grpc", new SpanField[] {new SpanField("x", "1", true)})
                };
        a.platform = new NodeTag("node", new SpanField[0]);
        a.platformTime = 10;
        TopoNode b = new TopoNode("svc", "http", "service", "GET", "java");
        b.system =
                new NodeTag[] {
                    new NodeTag("grpc", new SpanField[] {new SpanField("y", "2", true)}),
                    new NodeTag("trpc", new SpanField[0])
                };
        b.platform = new NodeTag("k8s", new SpanField[0]);
        b.platformTime = 5;
        a.merge(b);
        assertThat(a.system)
                .extracting(NodeTag::toString)
                .containsExactly("grpc{x=1;y=2;}", "trpc{}");
        assertThat(a.platform.name).isEqualTo("node");
        b.platformTime = 11;
        a.merge(b);
        assertThat(a.platform.name).isEqualTo("k8s");
    }

    @Test
    void aSpanWithoutAServiceStillShowsTheRemoteServiceItCalls() throws Exception {
        Span s =
                SpanBatchParser.span(
                        Json.MAPPER.readTree(
                                SpecExample.S3.replace("\"service.name\":\"order-svc\",", "")));
        assertThat(NodeDiscovery.observe(s, SpecExample.rules()))
                .extracting(n -> n.topoKey)
                .containsExactly("rpc:payment-gateway");
    }

    @Test
    void aNodeIsAFlinkPojo() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(TopoNode.class);
    }
}
