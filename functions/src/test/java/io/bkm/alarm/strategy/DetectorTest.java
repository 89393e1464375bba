package io.bkm.alarm.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bkm.alarm.common.InvalidInputException;
import io.bkm.alarm.common.Json;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fake events' detectors (behaviour spec §1.1.9) on windows of 60 s starting at T. */
class DetectorTest {
    private static final long T = 1_716_951_240L;

    private static DetectWindow window(double value, Map<Long, Double> history) {
        return window(value, history, Map.of());
    }

    private static DetectWindow window(
            double value, Map<Long, Double> history, Map<String, Object> dims) {
        return new DetectWindow(T, 60, value, "MAX(uptime)", Json.write(dims), history::get);
    }

    private static Detector of(String type) throws InvalidInputException {
        Strategy.Algorithm a = new Strategy.Algorithm();
        a.type = type;
        return Detector.of(a);
    }

    @Test
    void osRestartNeedsAFreshUptimeBelowThePreviousAndAHostThatReportedBefore() throws Exception {
        Detector d = of("OsRestart");
        assertThat(d.needsHistory()).isTrue();
        Map<Long, Double> h = new HashMap<>();
        h.put(T - 600, 86_000.0); // reported 10 minutes ago
        h.put(T - 60, 86_600.0);
        assertThat(d.holds(window(30, h))).isTrue();
        assertThat(d.describe(window(30, h))).isEqualTo("The host restarted 30 seconds ago");
        assertThat(d.holds(window(600, h))).isTrue(); // (0, 600]
        assertThat(d.holds(window(601, h))).isFalse();
        assertThat(d.holds(window(0, h))).isFalse();

        h.put(T - 60, 20.0); // up for 20 s a minute ago: the restart was reported then
        assertThat(d.holds(window(80, h))).isFalse();

        h.remove(T - 60); // no point in the previous window counts as a drop
        assertThat(d.holds(window(80, h))).isTrue();

        Map<Long, Double> fresh = new HashMap<>(Map.of(T - 60, 10.0));
        assertThat(d.holds(window(5, fresh))).as("a host never seen 10 or 25 min ago").isFalse();
        fresh.put(T - 1500, 90_000.0);
        assertThat(d.holds(window(5, fresh))).as("seen 25 minutes ago").isTrue();
    }

    @Test
    void procPortReportsAMissingProcessThenNonListeningThenWronglyBoundPorts() throws Exception {
        Detector d = of("ProcPort");
        Map<String, Object> dims = new HashMap<>();
        dims.put("display_name", "nginx");
        dims.put("nonlisten", "[]");
        dims.put("not_accurate_listen", "null");
        dims.put("bind_ip", "10.0.0.1");
        assertThat(d.holds(window(1, Map.of(), dims))).isFalse();
        assertThat(d.describe(window(0, Map.of(), dims)))
                .isEqualTo("Process (nginx) does not exist");
        dims.put("nonlisten", "[8080]");
        assertThat(d.describe(window(1, Map.of(), dims)))
                .isEqualTo("Process (nginx) exists, port ([8080]) does not");
        dims.put("nonlisten", "[]");
        dims.put("not_accurate_listen", "[\"0.0.0.0:80\"]");
        assertThat(d.holds(window(1, Map.of(), dims))).isTrue();
        assertThat(d.describe(window(1, Map.of(), dims)))
                .contains("listening IP differs from the CMDB's (10.0.0.1)");
    }

    @Test
    void pingIsUnreachableWhenEveryPacketIsLost() throws Exception {
        Detector d = of("PingUnreachable");
        assertThat(d.holds(window(1.0, Map.of()))).isTrue();
        assertThat(d.holds(window(0.99, Map.of()))).isFalse();
        assertThat(d.describe(window(1.0, Map.of()))).isEqualTo("Ping unreachable");
    }

    @Test
    void thresholdDescribesWhatHeldWithTheWindowsValue() throws Exception {
        Strategy.Algorithm a = new Strategy.Algorithm();
        a.type = "Threshold";
        a.config =
                io.bkm.alarm.common.Json.MAPPER.readTree("[[{\"method\":\"gt\",\"threshold\":4}]]");
        Detector d = Detector.of(a);
        DetectWindow w = new DetectWindow(T, 60, 4.5, "AVG(cpu_load)", "{}", s -> null);
        assertThat(d.holds(w)).isTrue();
        assertThat(d.describe(w)).isEqualTo("AVG(cpu_load) > 4, current value 4.5");
        a.config = null;
        assertThatThrownBy(() -> Detector.of(a)).isInstanceOf(InvalidInputException.class);
    }
}
