package io.bkm.alarm.apm;

import com.fasterxml.jackson.databind.JsonNode;
import io.bkm.alarm.common.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The spec's worked example (apm-discovery.md §1.2): spans S1, S2 and S3 of one trace. */
final class SpecExample {
    private SpecExample() {}

    static final String RESOURCE =
            "{\"service.name\":\"order-svc\","
                    + "\"bk.instance.id\":\"java:order-svc:order-7d9f:10.0.0.12:8080\","
                    + "\"net.host.ip\":\"10.0.0.12\",\"telemetry.sdk.name\":\"opentelemetry\","
                    + "\"telemetry.sdk.version\":\"1.24.0\",\"telemetry.sdk.language\":\"java\","
                    + "\"k8s.bcs.cluster.id\":\"BCS-K8S-00001\",\"k8s.namespace.name\":\"shop\","
                    + "\"k8s.pod.name\":\"order-7d9f\"}";

    static final String S1 =
            "{\"trace_id\":\"4bc0c0a20ea0cd49a8ce239c9684553c\",\"span_id\":\"a1b2c3d4e5f60001\","
                    + "\"parent_span_id\":\"\",\"span_name\":\"POST /api/orders\",\"kind\":2,"
                    + "\"start_time\":1717400000100000,\"end_time\":1717400000180000,"
                    + "\"elapsed_time\":80000,\"status\":{\"code\":0,\"message\":\"\"},"
                    + "\"time\":\"1717400003000\",\"attributes\":{\"http.method\":\"POST\","
                    + "\"http.route\":\"/api/orders\",\"http.scheme\":\"http\","
                    + "\"http.status_code\":200,\"apdex_type\":\"satisfied\"},"
                    + "\"resource\":"
                    + RESOURCE.replace(
                            "\"net.host.ip\":\"10.0.0.12\",",
                            "\"net.host.ip\":\"10.0.0.12\",\"net.host.name\":\"order-7d9f\","
                                    + "\"net.host.port\":\"8080\",")
                    + "}";

    static final String S2 =
            "{\"trace_id\":\"4bc0c0a20ea0cd49a8ce239c9684553c\",\"span_id\":\"a1b2c3d4e5f60002\","
                    + "\"parent_span_id\":\"a1b2c3d4e5f60001\",\"span_name\":\"SELECT orders\","
                    + "\"kind\":3,\"start_time\":1717400000110000,\"end_time\":1717400000125000,"
                    + "\"elapsed_time\":15000,\"attributes\":{\"db.system\":\"mysql\","
                    + "\"db.name\":\"orders\",\"db.operation\":\"SELECT\","
                    + "\"db.statement\":\"SELECT * FROM orders WHERE id=?\","
                    + "\"net.peer.name\":\"mysql-master\",\"net.peer.ip\":\"10.0.1.5\","
                    + "\"net.peer.port\":3306},\"resource\":"
                    + RESOURCE
                    + "}";

    static final String S3 =
            "{\"trace_id\":\"4bc0c0a20ea0cd49a8ce239c9684553c\",\"span_id\":\"a1b2c3d4e5f60003\","
                    + "\"parent_span_id\":\"a1b2c3d4e5f60001\","
                    + "\"span_name\":\"payment.PaymentService/Charge\",\"kind\":3,"
                    + "\"start_time\":1717400000130000,\"end_time\":1717400000170000,"
                    + "\"elapsed_time\":40000,\"status\":{\"code\":2,"
                    + "\"message\":\"deadline exceeded\"},\"attributes\":{\"rpc.system\":\"grpc\","
                    + "\"rpc.service\":\"payment.PaymentService\",\"rpc.method\":\"Charge\","
                    + "\"net.peer.name\":\"payment-gw\",\"net.peer.port\":9090,"
                    + "\"peer.service\":\"payment-gateway\"},\"resource\":"
                    + RESOURCE
                    + "}";

    static String batch(String... spans) {
        return "{\"data_id\":1500001,\"time\":1717400003,\"items\":["
                + String.join(",", spans)
                + "]}";
    }

    static List<Span> spans() throws Exception {
        return List.of(SpanBatchParser.parse(Json.MAPPER.readTree(batch(S1, S2, S3)), 0).spans);
    }

    static List<DiscoverRule> globalRules() throws Exception {
        JsonNode rules = Json.MAPPER.readTree(Files.readString(Path.of("../conf/apm/rules.json")));
        return DiscoverRules.read(rules);
    }

    static DiscoverRules rules() throws Exception {
        return new DiscoverRules(List.of(), globalRules());
    }
}
