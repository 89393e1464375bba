package io.bkm.alarm.notice;

import static org.assertj.core.api.Assertions.assertThat;

import io.bkm.alarm.SideOutputs;
import io.bkm.alarm.model.Action;
import io.bkm.alarm.model.AlertLog;
import io.bkm.alarm.model.AlertSummary;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** At most the limit per strategy, signal, severity and fingerprint within a window. */
class ActionQosFunctionTest {
    static final long T0 = 1_716_950_040L; // a minute boundary
    private KeyedOneInputStreamOperatorTestHarness<String, Action, Action> h;

    @BeforeEach
    void open() throws Exception {
        h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new ActionQosFunction(3, 60)),
                        ActionQosFunction::key,
                        Types.STRING);
        h.setStateTtlProcessingTime(0);
        h.open();
    }

    @AfterEach
    void close() throws Exception {
        h.close();
    }

    private static Action action(String alertId, String signal, int round, long time) {
        Action a = new Action();
        a.alertId = alertId;
        a.signal = signal;
        a.executeTimes = round;
        a.id = alertId + "." + signal + "." + round;
        a.createTime = time;
        a.alert = new AlertSummary();
        a.alert.id = alertId;
        a.alert.strategyId = 900L;
        a.alert.severity = 2;
        a.alert.status = "ABNORMAL";
        a.alert.dedupeMd5 = "7bf1b8b2bae7e42575892b6e794a0bde";
        return a;
    }

    @Test
    void theLimitPassesExactlyAndTheRestAreDroppedWithALog() throws Exception {
        // alerts of one fingerprint that keep ending and coming back: each a new abnormal action
        for (int i = 0; i < 5; i++) {
            h.processElement(action("a" + i, "abnormal", 1, T0 + i), 0);
        }
        h.processElement(action("a9", "recovered", 1, T0 + 10), 0); // another signal
        h.processElement(action("a5", "abnormal", 1, T0 + 60), 0); // the next window
        assertThat(h.extractOutputValues())
                .extracting(a -> a.id)
                .containsExactly(
                        "a0.abnormal.1",
                        "a1.abnormal.1",
                        "a2.abnormal.1",
                        "a9.recovered.1",
                        "a5.abnormal.1");
        List<AlertLog> logs = SideOutputs.drain(h, ActionQosFunction.LOGS);
        assertThat(logs).extracting(l -> l.alertId).containsExactly("a3", "a4");
        assertThat(logs).extracting(l -> l.opType).containsOnly("ACTION_QOS");
        assertThat(logs.get(0).id).isEqualTo("a3.abnormal.1.ACTION_QOS");
        assertThat(logs.get(0).createTime).isEqualTo(T0 + 3);
        assertThat(logs.get(0).description)
                .isEqualTo(
                        "action a3.abnormal.1 dropped: more than 3 abnormal actions within 60 s");

        // the counts go after ten minutes
        h.setStateTtlProcessingTime(10 * 60_000L + 1);
        h.processElement(action("a6", "abnormal", 1, T0 + 5), 0);
        assertThat(h.extractOutputValues()).hasSize(6);
    }
}
