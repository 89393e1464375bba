package io.bkm.alarm.apm;

import static org.assertj.core.api.Assertions.assertThat;

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

class EntityHeartbeatFunctionTest {
    private static final long DAY = 86_400;
    private static final long T0 = 1_717_400_000L;
    private KeyedOneInputStreamOperatorTestHarness<String, Sighting, DiscoveryChange> h;

    @BeforeEach
    void open() throws Exception {
        h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new EntityHeartbeatFunction(600)),
                        Sighting::stateKey,
                        Types.STRING);
        h.open();
    }

    @AfterEach
    void close() throws Exception {
        h.close();
    }

    private static Sighting endpoint(String app, long at) {
        Sighting s = new Sighting();
        s.type = "endpoint";
        s.bkBizId = "2";
        s.appName = app;
        s.key = "2:POST:http.method:http:order-svc:POST /api/orders";
        s.doc = "{\"endpoint_name\":\"POST /api/orders\"}";
        s.seenAt = at;
        s.retentionSeconds = 7 * DAY;
        return s;
    }

    /** A sighting, and event time passed on to it (never back). */
    private List<String> send(Sighting s) throws Exception {
        h.processElement(new StreamRecord<>(s, s.seenAt * 1000));
        h.processWatermark(new Watermark(Math.max(s.seenAt * 1000, h.getCurrentWatermark())));
        return drain();
    }

    private List<String> watermark(long seconds) throws Exception {
        h.processWatermark(new Watermark(seconds * 1000));
        return drain();
    }

    private List<String> drain() {
        List<String> out = new ArrayList<>();
        for (DiscoveryChange c : h.extractOutputValues()) {
            out.add(
                    c.op
                            + " "
                            + c.appName
                            + " "
                            + (c.firstSeen - T0)
                            + ".."
                            + (c.lastSeen - T0)
                            + (c.reason == null ? "" : " (" + c.reason + ")"));
        }
        h.getOutput().clear();
        return out;
    }

    @Test
    void anEntityIsCreatedTouchedOncePerIntervalAndExpiresAfterItsRetention() throws Exception {
        assertThat(send(endpoint("shop", T0))).containsExactly("created shop 0..0");
        assertThat(send(endpoint("shop", T0 + 599))).isEmpty();
        assertThat(send(endpoint("shop", T0 + 300))).isEmpty();
        assertThat(send(endpoint("shop", T0 + 600))).containsExactly("updated shop 0..600");
        assertThat(send(endpoint("shop", T0 + 10))).as("late").isEmpty();
        assertThat(watermark(T0 + 600 + 7 * DAY - 1)).isEmpty();
        assertThat(watermark(T0 + 600 + 7 * DAY))
                .containsExactly("expired shop 0..600 (retention)");
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
        // seen again after it expired: a new entity
        assertThat(send(endpoint("shop", T0 + 8 * DAY)))
                .containsExactly("created shop " + 8 * DAY + ".." + 8 * DAY);
    }

    @Test
    void eachApplicationHasItsOwnEntityAndRetention() throws Exception {
        Sighting brief = endpoint("blog", T0);
        brief.retentionSeconds = DAY;
        assertThat(send(endpoint("shop", T0))).containsExactly("created shop 0..0");
        assertThat(send(brief)).containsExactly("created blog 0..0");
        assertThat(watermark(T0 + DAY)).containsExactly("expired blog 0..0 (retention)");
        assertThat(h.numKeyedStateEntries()).isEqualTo(1);
        assertThat(h.numEventTimeTimers()).isEqualTo(1);
    }

    @Test
    void sightingsApplyInTheOrderOfTheirTimesNotOfTheirArrival() throws Exception {
        for (long at : new long[] {T0 + 700, T0 + 5, T0 + 650, T0}) {
            h.processElement(new StreamRecord<>(endpoint("shop", at), at * 1000));
        }
        assertThat(h.numEventTimeTimers()).as("four seconds waiting").isEqualTo(4);
        assertThat(watermark(T0 + 700)).containsExactly("created shop 0..0", "updated shop 0..650");
        assertThat(h.numEventTimeTimers()).as("the entity's expiry alone").isEqualTo(1);
    }

    @Test
    void theEndOfTheInputIsNotTheEndOfTheRetention() throws Exception {
        assertThat(send(endpoint("shop", T0))).hasSize(1);
        h.processWatermark(new Watermark(Long.MAX_VALUE));
        assertThat(drain()).isEmpty();
    }

    @Test
    void theStateAndChangesAreFlinkPojos() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(EntityHeartbeatFunction.Seen.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(Sighting.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(DiscoveryChange.class);
    }
}
