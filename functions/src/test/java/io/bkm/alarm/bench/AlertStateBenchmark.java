package io.bkm.alarm.bench;

import io.bkm.alarm.alert.AlertDocuments;
import io.bkm.alarm.alert.AlertState;
import io.bkm.alarm.alert.AlertStateFunction;
import io.bkm.alarm.alert.AlertStateOperator;
import io.bkm.alarm.alert.AlertStateSettings;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.fingerprint.Fingerprint;
import io.bkm.alarm.model.Alert;
import io.bkm.alarm.model.AlertInput;
import io.bkm.alarm.model.Event;
import io.bkm.alarm.model.EventStatus;
import io.bkm.alarm.model.RawMessage;
import io.bkm.alarm.model.Tag;
import io.bkm.alarm.strategy.Strategies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;

/**
 * The keyed alert operator alone on one core: RocksDB, checkpoints every 10 s, events spread over
 * 100,000 fingerprints, half of them triggered events of a built-in strategy (whose anomaly ids the
 * recovery check reads), half third-party events without strategy. Prints events per second and the
 * size of the last full checkpoint per open alert. Run with {@code scripts/bench.sh alert}.
 */
public final class AlertStateBenchmark {
    private AlertStateBenchmark() {}

    public static void main(String[] args) throws Exception {
        long events = args.length > 0 ? Long.parseLong(args[0]) : 4_000_000L;
        int fingerprints = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        Map<Long, String> shipped = Strategies.load(Path.of("conf/strategies"));
        Path checkpoints = Files.createTempDirectory("bkm-alert-bench");

        StreamExecutionEnvironment env = BenchEnvironment.rocksDb(checkpoints);

        // a day ahead: no recovery check or close window comes due while it runs, so the figure is
        // the cost of events alone, however long the run takes
        long start = System.currentTimeMillis() / 1000 + 86_400;
        RawMessage unrelated = new RawMessage("bkm_config", 0, 0, 0, new byte[0]);
        unrelated.key = "benchmark:none"; // a key no operator reads: no strategy changes
        DataStream<RawMessage> noConfig =
                env.fromData(TypeInformation.of(RawMessage.class), unrelated);
        DataStream<AlertInput> input =
                env.fromSequence(0, events - 1)
                        .map(
                                i -> AlertInput.of(event(i, fingerprints, start)),
                                TypeInformation.of(AlertInput.class));
        int stateBytes = stateBytes(shipped, event(0, fingerprints, start));
        boolean floor = Boolean.getBoolean("bench.floor");
        var parts =
                StateTrafficFunction.Parts.valueOf(
                        System.getProperty("bench.floor.parts", "all").toUpperCase());
        if (floor) {
            input.keyBy(AlertStateFunction::key, Types.STRING)
                    .process(new StateTrafficFunction(stateBytes, parts), Types.LONG)
                    .sinkTo(new DiscardingSink<>());
        } else {
            AlertStateOperator.apply(
                            input.keyBy(AlertStateFunction::key, Types.STRING),
                            noConfig,
                            new AlertStateFunction(shipped, AlertStateSettings.defaults(), 1 << 20),
                            "alert lifecycle")
                    .sinkTo(new DiscardingSink<>());
        }

        // a job that finishes discards its checkpoints: their size is read while it runs
        AtomicLong bytesSeen = new AtomicLong(-1);
        Thread sizes =
                new Thread(
                        () -> {
                            while (!Thread.currentThread().isInterrupted()) {
                                try {
                                    long b = lastCheckpointBytes(checkpoints);
                                    if (b >= 0) {
                                        bytesSeen.set(b);
                                    }
                                    Thread.sleep(2000);
                                } catch (InterruptedException e) {
                                    return;
                                } catch (IOException | RuntimeException e) {
                                    // a checkpoint discarded while measured: the next reading
                                }
                            }
                        },
                        "checkpoint-sizes");
        sizes.setDaemon(true);
        sizes.start();
        ThreadCpu cpu = ThreadCpu.start();
        JobExecutionResult r = env.execute("alert state benchmark");
        Map<String, Double> seconds = cpu.stop();
        sizes.interrupt();
        double wall = r.getNetRuntime() / 1000.0;
        long bytes = bytesSeen.get();
        System.out.printf(
                "%s: %,d events over %,d fingerprints in %.1f s: %,.0f events/s on one core"
                        + " (RocksDB with %s managed memory, checkpoints every 10 s)%n",
                floor
                        ? "state traffic (" + parts.what + ", " + stateBytes + " B of state)"
                        : "alert state",
                events,
                fingerprints,
                wall,
                events / wall,
                BenchEnvironment.managedMemory());
        double total = seconds.values().stream().mapToDouble(Double::doubleValue).sum();
        double operator =
                seconds.getOrDefault(OPERATOR_THREAD, 0.0)
                        + seconds.getOrDefault(FLOOR_THREAD, 0.0);
        System.out.printf(
                "CPU: %.1f s, of which the alert operator's task thread %.1f s (%.0f µs per event)",
                total, operator, operator * 1e6 / events);
        seconds.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .filter(e -> !e.getKey().equals(OPERATOR_THREAD))
                .filter(e -> !e.getKey().startsWith("KeyedProcess"))
                .limit(4)
                .forEach(
                        e ->
                                System.out.printf(
                                        ", %s %.0f%%", e.getKey(), 100 * e.getValue() / total));
        System.out.println();
        System.out.printf(
                "last checkpoint: %,d bytes = %,.0f bytes per open alert, including %.0f"
                        + " remembered event ids each%n",
                bytes, (double) bytes / fingerprints, (double) events / fingerprints);
    }

    /** How the operator's task thread is named (truncated by Linux to 15 characters). */
    private static final String OPERATOR_THREAD = "alert lifecycle";

    private static final String FLOOR_THREAD = "KeyedProcess ->";

    /** The serialized size of the state of a strategy alert created by the first event. */
    private static int stateBytes(Map<Long, String> shipped, Event first) throws Exception {
        try (var h =
                new KeyedBroadcastOperatorTestHarness<>(
                        new AlertStateOperator(
                                new AlertStateFunction(
                                        shipped, AlertStateSettings.defaults(), 1 << 20)),
                        AlertStateFunction::key,
                        Types.STRING,
                        1,
                        1,
                        0)) {
            h.open();
            h.processElement(new StreamRecord<>(AlertInput.of(first)));
            Alert a = AlertDocuments.read(h.extractOutputValues().get(0));
            AlertState st = new AlertState();
            st.alert = a;
            st.marks = new long[] {a.latestTime};
            var out = new DataOutputSerializer(1024);
            TypeInformation.of(AlertState.class)
                    .createSerializer(new SerializerConfigImpl())
                    .serialize(st, out);
            return out.length();
        }
    }

    /**
     * Event {@code i}: fingerprint {@code i mod n}, one event per fingerprint per round, a round a
     * second apart.
     */
    static Event event(long i, int n, long start) {
        long f = i % n;
        long round = i / n;
        Event e = new Event();
        e.eventId = Long.toString(i);
        e.id = Long.toHexString(mix(i) | Long.MIN_VALUE) + Long.toHexString(f);
        e.status = EventStatus.ABNORMAL;
        e.severity = 2;
        e.time = start + round;
        e.anomalyTime = e.time;
        e.createTime = e.time;
        e.bkBizId = "2";
        e.bkTenantId = "system";
        e.targetType = "HOST";
        e.target = "10." + (f >> 16) + "." + ((f >> 8) & 255) + "." + (f & 255) + "|0";
        e.tags = new Tag[] {new Tag("disk", "/data")};
        e.dedupeMd5 = md5(f);
        if (f % 2 == 0) {
            e.strategyId = 3L;
            e.pluginId = "bkmonitor";
            e.alertName = "Disk full";
            e.dedupeKeys =
                    new String[] {"strategy_id", "target_type", "target", "bk_biz_id", "tags.disk"};
            e.extraInfo =
                    "{\"origin_alarm\":{\"data\":{\"time\":"
                            + e.time
                            + "},\"trigger\":{\"level\":\"2\",\"anomaly_ids\":[\""
                            + e.dedupeMd5
                            + "."
                            + e.time
                            + ".3.3.2\"]}}}";
        } else {
            e.pluginId = "zabbix";
            e.alertName = "CPU usage high";
            e.dedupeKeys =
                    new String[] {"alert_name", "target_type", "target", "bk_biz_id", "tags.disk"};
            e.extraInfo = Json.write(Map.of("source", "zabbix"));
        }
        return e;
    }

    /** The generator's own cost is not what is measured: one md5 per fingerprint, kept. */
    private static String[] md5s;

    private static synchronized String md5(long f) {
        if (md5s == null || md5s.length <= f) {
            md5s = new String[(int) Math.max(f + 1, 100_000)];
        }
        if (md5s[(int) f] == null) {
            md5s[(int) f] = Fingerprint.ofScalar("fp-" + f);
        }
        return md5s[(int) f];
    }

    private static long mix(long x) {
        x += 0x9E3779B97F4A7C15L;
        x = (x ^ (x >>> 30)) * 0xBF58476D1CE4E5B9L;
        x = (x ^ (x >>> 27)) * 0x94D049BB133111EBL;
        return x ^ (x >>> 31);
    }

    private static long bytes(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static long lastCheckpointBytes(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            Path last =
                    all.filter(p -> p.getFileName().toString().startsWith("chk-"))
                            .filter(p -> Files.exists(p.resolve("_metadata"))) // completed
                            .max(
                                    Comparator.comparingLong(
                                            p ->
                                                    Long.parseLong(
                                                            p.getFileName()
                                                                    .toString()
                                                                    .substring(4))))
                            .orElse(null);
            if (last == null) {
                return -1;
            }
            // full checkpoints keep their files in chk-n; incremental ones add the live files of
            // shared/ (those of older checkpoints are deleted once no checkpoint needs them)
            return bytes(last) + bytes(last.resolveSibling("shared"));
        }
    }
}
