package io.bkm.alarm.job.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadTableTest {
    @Test
    void theLinesAddUpToTheProcess() {
        Map<String, Double> run = new LinkedHashMap<>();
        run.put("C2 CompilerThread", 36.0);
        run.put("alert lifecycle", 32.9);
        run.put("OutputFlusher", 0.6);
        run.put("flink-metrics", 0.3);
        Map<String, Double> half = Map.of("C2 CompilerThread", 4.5, "alert lifecycle", 9.0);

        List<String> lines = ThreadTable.lines(run, half, 73.8, 14.0, 1_000_000, 500_000);

        assertThat(lines)
                .containsExactly(
                        "the job's threads (µs per event over the run, then over the second"
                                + " half):",
                        "     36.0 s     36 µs      9 µs  C2 CompilerThread",
                        "     32.9 s     33 µs     18 µs  alert lifecycle",
                        "      0.9 s      1 µs         the other 2 thread groups, each under 1 µs",
                        "      4.0 s      4 µs      1 µs  threads that ended within the window");
    }
}
