package io.bkm.alarm.detect;

import static io.bkm.alarm.detect.CustomEventFixtures.config;
import static io.bkm.alarm.detect.TimeSeriesFixtures.T0;
import static io.bkm.alarm.detect.TimeSeriesFixtures.cpuLoad;
import static io.bkm.alarm.detect.TimeSeriesFixtures.hostMetric;
import static io.bkm.alarm.detect.TimeSeriesFixtures.shipped;
import static io.bkm.alarm.detect.TimeSeriesFixtures.strategy;
import static org.assertj.core.api.Assertions.assertThat;

import io.bkm.alarm.bind.TimeSeriesBindFunction;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.model.AnomalyRecord;
import io.bkm.alarm.model.DetectSample;
import io.bkm.alarm.model.Event;
import io.bkm.alarm.model.TimeSeriesPoint;
import io.bkm.alarm.trigger.Anomalies;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Points through the real bind function into windows: aggregates, thresholds, fake events. */
class TimeSeriesDetectTest {
    private DetectPipeline<TimeSeriesPoint> p;
    private KeyedOneInputStreamOperatorTestHarness<String, DetectSample, AnomalyRecord> h;

    @BeforeEach
    void open() throws Exception {
        p =
                new DetectPipeline<>(
                        new TimeSeriesBindFunction(shipped(), 1 << 20), config(strategy()));
        h = p.detect;
    }

    @AfterEach
    void close() throws Exception {
        p.close();
    }

    private void send(TimeSeriesPoint point) throws Exception {
        p.send(point);
    }

    private List<AnomalyRecord> watermark(long second) throws Exception {
        return p.watermark((T0 + second) * 1000);
    }

    @Test
    void theAverageOfAMinuteIsComparedWithEachLevelsThreshold() throws Exception {
        send(cpuLoad((T0 + 10) * 1000, "10.0.0.1", 3));
        send(cpuLoad((T0 + 40) * 1000, "10.0.0.1", 6)); // average 4.5: warning only
        send(cpuLoad((T0 + 70) * 1000, "10.0.0.1", 9)); // next minute: fatal too
        send(cpuLoad((T0 + 20) * 1000, "10.0.0.2", 4)); // not above 4
        List<AnomalyRecord> first = watermark(60);
        assertThat(first).hasSize(1);
        assertThat(first.get(0).levels).containsExactly(2);
        assertThat(first.get(0).messages).containsExactly("AVG(cpu_load) > 4, current value 4.5");
        assertThat(first.get(0).time).isEqualTo(T0);
        // the monitor event carries the aggregate as a number, as bk-monitor's data point does
        Event e = Anomalies.event(first.get(0), 0, List.of(first.get(0).anomalyIds[0]));
        assertThat(Json.MAPPER.readTree(e.extraInfo).at("/origin_alarm/data/value").isNumber())
                .isTrue();
        assertThat(Json.MAPPER.readTree(e.extraInfo).at("/origin_alarm/data/value").asDouble())
                .isEqualTo(4.5);
        List<AnomalyRecord> second = watermark(120);
        assertThat(second).hasSize(1);
        assertThat(second.get(0).levels).containsExactly(2, 1);
        assertThat(second.get(0).anomalyIds[1])
                .isEqualTo(second.get(0).md5Dimension + "." + (T0 + 60) + ".7101.8101.1");
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
    }

    /** Uptime reported each minute from T0 − 25 min; {@code restartAt} minutes in, it resets. */
    private List<AnomalyRecord> uptimeSeries(int minutes, int restartAt) throws Exception {
        List<AnomalyRecord> out = new ArrayList<>();
        long base = -1500;
        for (int m = 0; m < minutes; m++) {
            long t = base + m * 60L;
            double uptime = m < restartAt ? 90_000 + m * 60 : (m - restartAt) * 60 + 30;
            send(hostMetric((T0 + t + 5) * 1000, "10.0.0.9", "system.env.uptime", uptime));
            out.addAll(watermark(t + 60));
        }
        return out;
    }

    @Test
    void aRestartIsFoundAgainstTheHostsEarlierWindowsWhichAreThenForgotten() throws Exception {
        List<AnomalyRecord> out = uptimeSeries(40, 30);
        // the minute uptime fell to 30 s; 90 s a minute later is rising, and so not another
        assertThat(out).hasSize(1);
        AnomalyRecord a = out.get(0);
        assertThat(a.strategyId).isEqualTo(7);
        assertThat(a.time).isEqualTo(T0 - 1500 + 30 * 60);
        assertThat(a.messages).containsExactly("The host restarted 30 seconds ago");
        assertThat(a.levels).containsExactly(2);
        // the history reaches 25 minutes and a window back, then goes with its timer
        assertThat(h.numKeyedStateEntries()).isEqualTo(2); // the history and how far it reaches
        watermark(-1500 + 40 * 60 + 1500 + 120);
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
    }

    @Test
    void aHostSeenForTheFirstTimeRightAfterBootIsNoRestart() throws Exception {
        // reports begin at boot: nothing 10 or 25 minutes earlier
        send(hostMetric((T0 + 5) * 1000, "10.0.0.9", "system.env.uptime", 40));
        assertThat(watermark(60)).isEmpty();
    }

    @Test
    void procPortAndPingPointsBecomeAnomaliesOfTheirShippedStrategies() throws Exception {
        TimeSeriesPoint ping =
                hostMetric((T0 + 5) * 1000, "10.0.0.9", "pingserver.base.loss_percent", 1.0);
        send(ping);
        send(hostMetric((T0 + 6) * 1000, "10.0.0.8", "pingserver.base.loss_percent", 0.5));
        List<AnomalyRecord> out = watermark(60);
        assertThat(out).hasSize(1);
        assertThat(out.get(0).strategyId).isEqualTo(6);
        assertThat(out.get(0).messages).containsExactly("Ping unreachable");
        assertThat(out.get(0).dimensionsJson).contains("10.0.0.9");
    }
}
