package io.bkm.alarm.bench;

import io.bkm.alarm.bind.TimeSeriesBindFunction;
import io.bkm.alarm.common.QuietWatermarks;
import io.bkm.alarm.detect.WindowDetectFunction;
import io.bkm.alarm.model.AnomalyRecord;
import io.bkm.alarm.model.DetectSample;
import io.bkm.alarm.model.RawMessage;
import io.bkm.alarm.model.Tag;
import io.bkm.alarm.model.TimeSeriesPoint;
import io.bkm.alarm.strategy.Strategies;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * Time-series detection alone on one core: points of 100,000 series, one per series per minute,
 * bound to a CPU-load threshold strategy, aggregated per minute in RocksDB and evaluated, with
 * checkpoints. Prints points per second at saturation and the share of the core that 100,000 series
 * at a 60 s interval (about 1,700 points/s) take. Run with {@code scripts/bench.sh timeseries}.
 */
public final class TimeSeriesBenchmark {
    private static final String METRIC =
            "custom.2_bkmonitor_time_series_1572950.__default__.cpu_load";

    private TimeSeriesBenchmark() {}

    public static void main(String[] args) throws Exception {
        int series = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int minutes = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        long points = (long) series * minutes;
        StreamExecutionEnvironment env =
                BenchEnvironment.rocksDb(Files.createTempDirectory("bkm-ts-bench"));
        Map<Long, String> shipped = Strategies.load(Path.of("conf/strategies"));
        RawMessage strategy =
                new RawMessage(
                        "bkm_config",
                        0,
                        0,
                        0,
                        Files.readString(Path.of("conf/examples/timeseries-strategy.json"))
                                .getBytes(StandardCharsets.UTF_8));
        strategy.key = "strategy:7101";
        DataStream<RawMessage> config =
                env.fromData(TypeInformation.of(RawMessage.class), strategy);
        long start = System.currentTimeMillis() / 60_000 * 60_000 - minutes * 60_000L;
        env.fromSequence(0, points - 1)
                .map(i -> point(i, series, start), TypeInformation.of(TimeSeriesPoint.class))
                .connect(config.broadcast(Strategies.STATE))
                .process(
                        new TimeSeriesBindFunction(shipped, 1 << 20),
                        TypeInformation.of(DetectSample.class))
                .assignTimestampsAndWatermarks(
                        QuietWatermarks.<DetectSample>strategy(
                                Duration.ofSeconds(10),
                                Duration.ofSeconds(10),
                                (s, previous) -> s.timeMs))
                .keyBy(WindowDetectFunction::key, Types.STRING)
                .process(new WindowDetectFunction(), TypeInformation.of(AnomalyRecord.class))
                .sinkTo(new DiscardingSink<>());

        JobExecutionResult r = env.execute("time-series detection benchmark");
        double seconds = r.getNetRuntime() / 1000.0;
        double rate = points / seconds;
        double load = series / 60.0;
        System.out.printf(
                "time series: %,d points of %,d series in %.1f s: %,.0f points/s on one core"
                        + " (RocksDB, checkpoints every 10 s)%n",
                points, series, seconds, rate);
        System.out.printf(
                "%,d series at a 60 s interval = %,.0f points/s: %.1f %% of the core, %.1f %%"
                        + " idle%n",
                series, load, 100 * load / rate, 100 - 100 * load / rate);
    }

    /**
     * Point {@code i}: series {@code i mod n} in minute {@code i / n}, spread over the minute; one
     * series in ten above the warning threshold.
     */
    static TimeSeriesPoint point(long i, int n, long startMs) {
        long series = i % n;
        long minute = i / n;
        TimeSeriesPoint p = new TimeSeriesPoint();
        p.dataId = 1572950;
        p.bkBizId = "2";
        p.metricNames = new String[] {"cpu_load"};
        p.metricValues = new double[] {series % 10 == 0 ? 6 : 1};
        p.target = "10." + (series >> 16) + "." + ((series >> 8) & 255) + "." + (series & 255);
        p.dimensions = new Tag[0];
        p.timestampMs = startMs + minute * 60_000 + (series * 59_000 / n);
        p.receivedAt = p.timestampMs / 1000;
        p.setSource("bkm_timeseries", 0, i);
        return p;
    }
}
