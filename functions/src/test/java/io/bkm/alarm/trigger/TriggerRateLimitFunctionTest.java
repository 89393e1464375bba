package io.bkm.alarm.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import io.bkm.alarm.model.Event;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TriggerRateLimitFunctionTest {
    private KeyedOneInputStreamOperatorTestHarness<String, Event, Event> h;

    @BeforeEach
    void open() throws Exception {
        h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new TriggerRateLimitFunction(3)),
                        TriggerRateLimitFunction::key,
                        Types.STRING);
        h.setStateTtlProcessingTime(0);
        h.open();
    }

    @AfterEach
    void close() throws Exception {
        h.close();
    }

    private static Event event(long strategy, long time, String target) {
        Event e = new Event();
        e.strategyId = strategy;
        e.time = time;
        e.target = target;
        return e;
    }

    @Test
    void atMostTheLimitPerStrategyAndDataTimeForTenMinutes() throws Exception {
        for (int i = 0; i < 5; i++) {
            h.processElement(event(1, 100, "h" + i), 0);
        }
        h.processElement(event(1, 160, "h0"), 0); // another data time
        h.processElement(event(2, 100, "h0"), 0); // another strategy
        assertThat(h.extractOutputValues())
                .extracting(e -> e.strategyId + "/" + e.time + "/" + e.target)
                .containsExactly("1/100/h0", "1/100/h1", "1/100/h2", "1/160/h0", "2/100/h0");
        assertThat(h.numKeyedStateEntries()).isEqualTo(2); // one count map per strategy

        // the count lives ten minutes, as bk-monitor's key does; then it is gone
        h.setStateTtlProcessingTime(10 * 60_000L + 1);
        h.processElement(event(1, 100, "h9"), 0);
        assertThat(h.extractOutputValues()).hasSize(6);
    }

    @Test
    void oneStrategysEventsShareAKeySoAFingerprintsEventsStayInOrder() {
        // different data times of one fingerprint must not take different paths downstream
        assertThat(TriggerRateLimitFunction.key(event(1, 100, "h0")))
                .isEqualTo(TriggerRateLimitFunction.key(event(1, 160, "h0")));
    }
}
