package io.bkm.alarm.apm;

import static org.assertj.core.api.Assertions.assertThat;

import io.bkm.alarm.common.Json;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NodeStateFunctionTest {
    private static final long T = 1_717_400_003L;
    private static final long RETENTION = 180 * 86_400L;
    private KeyedOneInputStreamOperatorTestHarness<String, NodeSighting, DiscoveryChange> h;
    private ApmApp shop;

    @BeforeEach
    void open() throws Exception {
        shop =
                ApmApp.parse(
                        1500001, Json.MAPPER.readTree("{\"bk_biz_id\":2,\"app_name\":\"shop\"}"));
        h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new NodeStateFunction(600, RETENTION)),
                        NodeSighting::stateKey,
                        Types.STRING);
        h.open();
    }

    @AfterEach
    void close() throws Exception {
        h.close();
    }

    /** What the spec's example span {@code i} (0 to 2) says of order-svc, at {@code at}. */
    private List<String> send(int i, long at) throws Exception {
        for (TopoNode n : NodeDiscovery.observe(SpecExample.spans().get(i), SpecExample.rules())) {
            if (n.topoKey.equals("order-svc")) {
                h.processElement(new StreamRecord<>(new NodeSighting(shop, at, n), at * 1000));
            }
        }
        if (at * 1000 > h.getCurrentWatermark()) {
            h.processWatermark(new Watermark(at * 1000));
        }
        return drain();
    }

    private List<String> drain() throws Exception {
        List<String> out = new ArrayList<>();
        for (DiscoveryChange c : h.extractOutputValues()) {
            out.add(
                    c.op
                            + " "
                            + c.key
                            + " "
                            + Json.MAPPER
                                    .readTree(c.doc)
                                    .path("extra_data")
                                    .path("category")
                                    .asText()
                            + " "
                            + Json.MAPPER.readTree(c.doc).path("system").size()
                            + " @"
                            + (c.lastSeen - T));
        }
        h.getOutput().clear();
        return out;
    }

    @Test
    void aNodeIsWrittenWhenItChangesAndOtherwiseOncePerTouchInterval() throws Exception {
        assertThat(send(0, T)).containsExactly("created order-svc http 0 @0");
        assertThat(send(0, T + 10)).as("nothing new").isEmpty();
        // the gRPC call adds a system, and does not change what the service is
        assertThat(send(2, T + 20)).containsExactly("updated order-svc http 1 @20");
        assertThat(send(1, T + 30)).as("the database call says other").isEmpty();
        assertThat(send(1, T + 620)).containsExactly("updated order-svc http 1 @620");
        h.processWatermark(new Watermark((T + 620 + RETENTION - 1) * 1000));
        assertThat(drain()).isEmpty();
        h.processWatermark(new Watermark((T + 620 + RETENTION) * 1000));
        assertThat(drain()).containsExactly("expired order-svc http 1 @620");
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
    }

    @Test
    void observationsOfOneSecondApplyAsOneWhateverTheirOrder() throws Exception {
        for (int[] order : new int[][] {{0, 1, 2}, {2, 1, 0}}) {
            close();
            open();
            for (int i : order) {
                for (TopoNode n :
                        NodeDiscovery.observe(SpecExample.spans().get(i), SpecExample.rules())) {
                    if (n.topoKey.equals("order-svc")) {
                        h.processElement(
                                new StreamRecord<>(new NodeSighting(shop, T, n), T * 1000));
                    }
                }
            }
            h.processWatermark(new Watermark(T * 1000));
            assertThat(drain()).containsExactly("created order-svc http 1 @0");
        }
    }

    @Test
    void theStateIsAFlinkPojo() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(NodeStateFunction.Known.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(NodeSighting.class);
    }
}
