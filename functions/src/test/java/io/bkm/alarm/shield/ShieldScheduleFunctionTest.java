package io.bkm.alarm.shield;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bkm.alarm.ConfigMessages;
import io.bkm.alarm.SideOutputs;
import io.bkm.alarm.common.DeadLetters;
import io.bkm.alarm.model.RawMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Shield ticks at each start and end, on a processing clock set by the test. */
class ShieldScheduleFunctionTest {
    private KeyedOneInputStreamOperatorTestHarness<Long, RawMessage, RawMessage> h;

    static long at(String local) {
        return ShieldTimesTest.at(local);
    }

    @BeforeEach
    void open() throws Exception {
        h =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        new ShieldScheduleFunction("Asia/Shanghai", 1 << 20),
                        ShieldScheduleFunction::key,
                        Types.LONG);
        h.setProcessingTime(at("2026-11-20 12:00:00") * 1000);
    }

    @AfterEach
    void close() throws Exception {
        h.close();
    }

    private void record(long id, ObjectNode json, long at) throws Exception {
        h.processElement(ConfigMessages.of("shield:" + id, json, at), at * 1000);
    }

    private List<String> clock(String local) throws Exception {
        h.getOutput().clear();
        h.setProcessingTime(at(local) * 1000);
        List<String> ticks = new ArrayList<>();
        for (RawMessage m : h.extractOutputValues()) {
            ticks.add(
                    m.key
                            + "@"
                            + (m.timestamp / 1000 - at("2026-11-20 00:00:00"))
                            + (m.value == null ? "" : " " + new String(m.value)));
        }
        return ticks;
    }

    @Test
    void aNightlyShieldTicksAtEachStartAndEnd() throws Exception {
        ObjectNode s =
                ShieldTimesTest.shield(null, "2026-11-22 00:00:00", 2, "22:00:00", "02:00:00");
        record(7, s, at("2026-11-20 12:00:00"));
        assertThat(h.numProcessingTimeTimers()).isEqualTo(1);
        assertThat(clock("2026-11-20 21:59:59")).isEmpty();
        // seconds since 2026-11-20 00:00 local
        assertThat(clock("2026-11-20 22:00:00")).containsExactly("shield-tick:7@79200");
        assertThat(clock("2026-11-21 02:00:01")).containsExactly("shield-tick:7@93601");
        assertThat(clock("2026-11-21 22:00:00")).containsExactly("shield-tick:7@165600");
        // the range ends at midnight, inside the window: that end is the last tick
        assertThat(clock("2026-11-22 00:00:01")).containsExactly("shield-tick:7@172801 ended");
        assertThat(h.numProcessingTimeTimers()).isZero();
        assertThat(h.numKeyedStateEntries()).isZero();
    }

    @Test
    void aChangedShieldReschedulesAndATombstoneEndsIt() throws Exception {
        record(
                8,
                ShieldTimesTest.shield("2026-11-20 14:00:00", "2026-11-20 15:00:00", 1, null, null),
                at("2026-11-20 12:00:00"));
        record(
                8,
                ShieldTimesTest.shield("2026-11-20 13:00:00", "2026-11-20 15:00:00", 1, null, null),
                at("2026-11-20 12:00:00"));
        assertThat(h.numProcessingTimeTimers()).isEqualTo(1);
        assertThat(clock("2026-11-20 13:00:00")).containsExactly("shield-tick:8@46800");
        record(8, null, at("2026-11-20 13:30:00"));
        assertThat(h.numProcessingTimeTimers()).isZero();
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(clock("2026-11-20 16:00:00")).isEmpty();
    }

    @Test
    void aShieldAlreadyOverIsForgottenWithOneTick() throws Exception {
        record(
                9,
                ShieldTimesTest.shield("2026-11-19 10:00:00", "2026-11-19 11:00:00", 1, null, null),
                at("2026-11-20 12:00:00"));
        assertThat(clock("2026-11-20 12:00:00")).containsExactly("shield-tick:9@43200 ended");
        assertThat(h.numKeyedStateEntries()).isZero();
    }

    @Test
    void invalidShieldsAreDeadLetteredAndChangeNothing() throws Exception {
        record(
                10,
                ShieldTimesTest.shield(null, null, 2, "22:00:00", "02:00:00"),
                at("2026-11-20 12:00:00"));
        record(10, ShieldTimesTest.shield(null, null, 9, null, null), at("2026-11-20 12:00:00"));
        RawMessage m = new RawMessage("bkm_config", 0, 0, 0, "{}".getBytes(StandardCharsets.UTF_8));
        m.key = "shield:abc";
        h.processElement(m, 0);
        assertThat(SideOutputs.drain(h, DeadLetters.TAG))
                .extracting(d -> d.reason)
                .containsExactly("invalid_value", "invalid_value");
        assertThat(clock("2026-11-20 22:00:00")).containsExactly("shield-tick:10@79200");
    }
}
