package io.bkm.alarm.apm;

import static org.assertj.core.api.Assertions.assertThat;

import io.bkm.alarm.common.DeadLetters;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.common.Reasons;
import io.bkm.alarm.model.DeadLetter;
import io.bkm.alarm.model.HostInfo;
import io.bkm.alarm.model.RawMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SpanBindFunctionTest {
    private static final long WAIT_MS = 30_000;
    private static final String APP = "{\"bk_biz_id\":2,\"app_name\":\"shop\"}";
    private KeyedTwoInputStreamOperatorTestHarness<
                    Long, SpanBatch, Tuple2<Long, RawMessage>, AppBatch>
            h;
    private long offset;

    @BeforeEach
    void open() throws Exception {
        h =
                new KeyedTwoInputStreamOperatorTestHarness<>(
                        new KeyedCoProcessOperator<>(
                                new SpanBindFunction(WAIT_MS, 1 << 20, SpecExample.globalRules())),
                        SpanBindFunction::batchKey,
                        c -> c.f0,
                        Types.LONG);
        h.setProcessingTime(0);
        h.open();
    }

    @AfterEach
    void close() throws Exception {
        h.close();
    }

    private void batch(String json) throws Exception {
        RawMessage raw = raw("bkm_apm_span", null, json);
        SpanBatch b = SpanBatchParser.parse(Json.MAPPER.readTree(json), 0);
        b.raw = raw;
        h.processElement1(new StreamRecord<>(b));
    }

    private void config(long dataId, String json) throws Exception {
        List<Tuple2<Long, RawMessage>> keyed = new ArrayList<>();
        SpanBindFunction.configKeys(
                raw("bkm_config", "apm_app:" + dataId, json), new ListCollector<>(keyed));
        for (Tuple2<Long, RawMessage> k : keyed) {
            h.processElement2(new StreamRecord<>(k));
        }
    }

    private RawMessage raw(String topic, String key, String json) {
        RawMessage r =
                new RawMessage(
                        topic,
                        0,
                        offset++,
                        1_717_400_003_000L,
                        json == null ? null : json.getBytes(StandardCharsets.UTF_8));
        r.key = key;
        return r;
    }

    private List<DeadLetter> deadLetters() {
        var letters = h.getSideOutput(DeadLetters.TAG);
        return letters == null ? List.of() : letters.stream().map(StreamRecord::getValue).toList();
    }

    /** The spans of every batch bound so far. */
    private List<Span> bound() {
        return h.extractOutputValues().stream()
                .flatMap(b -> java.util.Arrays.stream(b.spans))
                .toList();
    }

    @Test
    void spansOfAKnownApplicationGoOnWithItAndEachServiceIpIsProbedOncePerBatch() throws Exception {
        config(1500001, APP);
        batch(SpecExample.batch(SpecExample.S1, SpecExample.S2, SpecExample.S3));
        assertThat(h.extractOutputValues())
                .singleElement()
                .satisfies(
                        b -> {
                            assertThat(b.app.appName).isEqualTo("shop");
                            assertThat(b.seenAt).isEqualTo(1_717_400_003L);
                            assertThat(b.spans).hasSize(3);
                        });
        assertThat(h.getSideOutput(SpanBindFunction.HOST_PROBES))
                .extracting(r -> r.getValue().service + "@" + r.getValue().ip)
                .containsExactly("order-svc@10.0.0.12");
        assertThat(deadLetters()).isEmpty();
    }

    @Test
    void aBatchWaitsForItsApplicationThenIsBound() throws Exception {
        batch(SpecExample.batch(SpecExample.S1));
        h.setProcessingTime(WAIT_MS - 1);
        assertThat(bound()).isEmpty();
        config(1500001, APP);
        assertThat(bound()).hasSize(1);
        h.setProcessingTime(WAIT_MS);
        assertThat(deadLetters()).isEmpty();
        assertThat(h.numKeyedStateEntries())
                .as("the application alone, under each of its keys")
                .isEqualTo(SpanBindFunction.BUCKETS);
    }

    @Test
    void oneApplicationsBatchesSpreadOverItsKeysByPartitionAndAPartitionKeepsOne()
            throws Exception {
        java.util.Set<Integer> buckets = new java.util.HashSet<>();
        java.util.Set<Long> ofOnePartition = new java.util.HashSet<>();
        for (int i = 0; i < 200; i++) {
            SpanBatch b = SpanBatchParser.parse(Json.MAPPER.readTree(SpecExample.batch()), 0);
            b.raw = raw("bkm_apm_span", null, "{}");
            b.raw.partition = i % 64;
            long key = SpanBindFunction.batchKey(b);
            assertThat(Math.floorDiv(key, SpanBindFunction.BUCKETS)).isEqualTo(b.dataId);
            buckets.add((int) Math.floorMod(key, SpanBindFunction.BUCKETS));
            if (b.raw.partition == 5) {
                ofOnePartition.add(key);
            }
        }
        assertThat(buckets).hasSize(SpanBindFunction.BUCKETS);
        assertThat(ofOnePartition).hasSize(1);
    }

    @Test
    void aBatchWithoutApplicationAfterTheWaitIsADeadLetterAsItCame() throws Exception {
        String json = SpecExample.batch(SpecExample.S1).replace("1500001", "77");
        batch(json);
        h.setProcessingTime(WAIT_MS);
        assertThat(bound()).isEmpty();
        assertThat(deadLetters())
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.reason).isEqualTo(Reasons.UNKNOWN_APPLICATION);
                            assertThat(d.payload).isEqualTo(json);
                        });
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numProcessingTimeTimers()).isZero();
    }

    @Test
    void aSpanThatIsNoSpanIsADeadLetterOfItsOwnAndTheRestAreBound() throws Exception {
        config(1500001, APP);
        batch(SpecExample.batch(SpecExample.S1, "{\"span_id\":\"x\",\"kind\":2}"));
        assertThat(bound()).hasSize(1);
        assertThat(deadLetters())
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.reason).isEqualTo(Reasons.MISSING_FIELD);
                            assertThat(d.payload).isEqualTo("{\"span_id\":\"x\",\"kind\":2}");
                        });
    }

    @Test
    void aBadApplicationRecordIsADeadLetterAndATombstoneEndsTheApplication() throws Exception {
        config(1500001, "{\"bk_biz_id\":2}");
        assertThat(deadLetters()).extracting(d -> d.reason).containsExactly("missing_field");
        config(1500001, APP);
        config(1500001, null);
        assertThat(h.numKeyedStateEntries()).isZero();
        batch(SpecExample.batch(SpecExample.S1));
        h.setProcessingTime(WAIT_MS);
        assertThat(deadLetters())
                .extracting(d -> d.reason)
                .containsExactly("missing_field", Reasons.UNKNOWN_APPLICATION);
    }

    @Test
    void aBoundSpanKeepsOnlyWhatDiscoveryReadsAndShowsTheSame() throws Exception {
        config(1500001, APP);
        batch(SpecExample.batch(SpecExample.S1, SpecExample.S2, SpecExample.S3));
        List<Span> bound = bound();
        List<Span> whole = SpecExample.spans();
        DiscoverRules rules = SpecExample.rules();
        ApmApp app = new ApmApp();
        app.bkBizId = "2";
        app.appName = "shop";
        for (int i = 0; i < whole.size(); i++) {
            assertThat(keys(SpanSightings.of(app, rules, 0, bound.get(i))))
                    .isEqualTo(keys(SpanSightings.of(app, rules, 0, whole.get(i))));
            assertThat(NodeDiscovery.observe(bound.get(i), rules))
                    .hasToString(NodeDiscovery.observe(whole.get(i), rules).toString());
        }
        assertThat(bound.get(0).field("attributes.http.status_code"))
                .as("read by no rule")
                .isNull();
        assertThat(bound.get(0).field("attributes.http.method")).isNotNull();
        // two spans of one service, which differ only in what no discovery reads, look the same
        Span other =
                SpanBatchParser.span(Json.MAPPER.readTree(SpecExample.S1.replace("200", "500")));
        other.keepOnly(rules);
        assertThat(other.look()).isEqualTo(bound.get(0).look());
    }

    private static List<String> keys(List<Sighting> sightings) {
        return sightings.stream().map(s -> s.type + " " + s.key + " " + s.doc).toList();
    }

    @Test
    void aHostIsPlacedInTheApplicationsBusinessOnlyAndTheLastOfThoseWins() {
        HostProbe p = new HostProbe();
        p.bkBizId = "2";
        p.service = "order-svc";
        p.ip = "10.0.0.12";
        HostInfo other = host("3", 0, 11);
        HostInfo first = host("2", 0, 12);
        HostInfo last = host("2", 5, 13);
        assertThat(HostLookupFunction.place(p, List.of(first, other, last)).cacheKey())
                .isEqualTo("5:13:10.0.0.12:order-svc");
        assertThat(HostLookupFunction.place(p, List.of(other)).cacheKey())
                .as("a host of another business is not this application's")
                .isEqualTo("-1:None:10.0.0.12:order-svc");
        assertThat(HostLookupFunction.place(p, List.of()).cacheKey())
                .isEqualTo("-1:None:10.0.0.12:order-svc");
    }

    private static HostInfo host(String biz, int cloud, long id) {
        HostInfo h = new HostInfo();
        h.bizId = biz;
        h.cloudId = cloud;
        h.hostId = id;
        return h;
    }

    @Test
    void whatItHoldsAndSendsAreFlinkPojos() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(SpanBatch.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(HostProbe.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(HostInstance.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(DiscoveryChange.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(NodeSighting.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(Sighting.class);
    }
}
