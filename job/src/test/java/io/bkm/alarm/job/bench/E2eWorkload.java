package io.bkm.alarm.job.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.demo.GseAlarms;
import io.bkm.alarm.demo.SeedCmdb;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The end-to-end benchmark's input: third-party events over {@link #FINGERPRINTS} fingerprints (on
 * hosts the CMDB holds and hosts it does not, a tenth of them ending with a recovery event), GSE
 * disk-full alarms on seeded hosts, and custom events and time-series points for the shipped
 * example strategies, with what each must produce. Records are dated as if written when they
 * happened, over the past hours; the job takes "received" from the record time.
 *
 * <p>Each strategy-bound alert (a host's disk, a custom-event dimension, a series) gets exactly one
 * monitor event: its recovery checks run on the clock, and for past data they may end it before a
 * later event of a backlog arrives, which then expires (as in bk-monitor). One event per alert
 * makes every count below exact whenever the checks fire. No strategy, business and severity gets
 * more new alerts a minute than alert QoS lets through, so every alert is noticed.
 */
final class E2eWorkload {
    static final int FINGERPRINTS = 100_000;
    static final int ALERT_NAMES = 20;
    static final int HOSTS = FINGERPRINTS / ALERT_NAMES;

    /** Hosts the CMDB cache holds: the first half of the third-party targets and the GSE hosts. */
    static final int SEEDED_HOSTS = HOSTS / 2;

    /** Seconds over which the third-party fingerprints begin. */
    static final long SPAN_SECONDS = 1200;

    /** New strategy alerts a minute, under alert QoS's 200. */
    static final int NEW_PER_MINUTE = 150;

    static final int GSE_HOSTS = 2_000;
    static final int CUSTOM_EVENTS_PER_DIMENSION = 10;
    static final int POINTS_PER_SERIES = 6;

    /** The shipped disk-full strategy. */
    static final long GSE_STRATEGY = 3;

    static final long CUSTOM_STRATEGY = 7001;
    static final long CUSTOM_DATA_ID = 1572946;
    static final String CUSTOM_TOKEN = "9f2c61e3d0b34c8a8a1d7b7f4c6e2a10";
    static final long SERIES_STRATEGY = 7101;
    static final long SERIES_DATA_ID = 1572950;
    static final String SERIES_TOKEN = "5b1e0c3f9a7d4e2c8f6a1b3d5e7c9a0b";

    final String run;
    final long now;
    final int fta;
    final int gse;
    final int custom;
    final int points;

    /** What an input is; the benchmark maps it to its topic. */
    enum Kind {
        FTA,
        GSE,
        CUSTOM,
        POINT
    }

    /**
     * One Kafka record to send, dated as it would have been written when it happened: the job takes
     * its notion of "received" from the record time.
     */
    record Input(Kind kind, String key, String value, long timestampMs) {}

    /**
     * @param total inputs in all; 88 % third-party events, 4 % each of the other three kinds
     */
    E2eWorkload(String run, long now, int total) {
        this.run = run;
        this.now = now;
        int share = total / 25; // 4 %
        this.gse = share;
        this.custom = roundDown(share, NEW_PER_MINUTE * CUSTOM_EVENTS_PER_DIMENSION);
        // half the series of a window are hot: NEW_PER_MINUTE alerts
        this.points = roundDown(share, 2 * NEW_PER_MINUTE * POINTS_PER_SERIES);
        this.fta = total - gse - custom - points;
        if (fta < FINGERPRINTS || custom == 0 || points == 0) {
            throw new IllegalArgumentException(
                    "at least " + (FINGERPRINTS * 25 / 22 + 1) + " events are needed");
        }
    }

    int total() {
        return fta + gse + custom + points;
    }

    /** The hosts to seed in the CMDB cache (SeedCmdb's demo layout). */
    List<SeedCmdb.Host> seededHosts() {
        return SeedCmdb.demoHosts(Math.max(SEEDED_HOSTS, GSE_HOSTS));
    }

    // ---- what must come out -----------------------------------------------------------------

    /** Monitor events, one per strategy-bound alert: a disk, a custom dimension, a hot series. */
    int monitorEvents() {
        return gse + customMonitorEvents() + seriesMonitorEvents();
    }

    int customMonitorEvents() {
        return customWindows() * NEW_PER_MINUTE;
    }

    int seriesMonitorEvents() {
        return seriesWindows() * NEW_PER_MINUTE;
    }

    /** Event documents: every third-party event and every monitor event. */
    int eventDocuments() {
        return fta + monitorEvents();
    }

    /** Third-party fingerprints that end with a recovery event (those with two events or more). */
    int recoveredFingerprints() {
        int n = 0;
        for (int f = 0; f < FINGERPRINTS; f += 10) {
            n += lastRound(f) > 0 ? 1 : 0;
        }
        return n;
    }

    private int customWindows() {
        return custom / (NEW_PER_MINUTE * CUSTOM_EVENTS_PER_DIMENSION);
    }

    private int seriesWindows() {
        return points / (2 * NEW_PER_MINUTE * POINTS_PER_SERIES);
    }

    // ---- the inputs, in the order they are sent ------------------------------------------------

    /**
     * Every input, each kind in time order, as sources write it while it happens: a backlog is read
     * as a live stream would have been. Custom events and points each go to one partition, so no
     * report is behind its reader's watermark.
     */
    void forEach(Consumer<Input> out) {
        for (int i : ftaInTimeOrder()) {
            out.accept(ftaEvent(i));
        }
        for (int i = 0; i < gse; i++) {
            out.accept(diskFull(i));
        }
        customEvents(out);
        points(out);
    }

    /**
     * Custom events of {@link #NEW_PER_MINUTE} dimensions a window, each dimension in one window
     * only, with enough events for the fatal level.
     */
    private void customEvents(Consumer<Input> out) {
        int perWindow = NEW_PER_MINUTE * CUSTOM_EVENTS_PER_DIMENSION;
        for (int i = 0; i < custom; i++) {
            int w = i / perWindow;
            int within = i % perWindow;
            int dim = w * NEW_PER_MINUTE + within % NEW_PER_MINUTE;
            long ms = windowStart(w, customWindows()) * 1000 + (long) within * 59_000 / perWindow;
            String target = "10.30." + (dim / 256) + "." + (dim % 256);
            ObjectNode msg = Json.MAPPER.createObjectNode();
            msg.put("data_id", CUSTOM_DATA_ID).put("access_token", CUSTOM_TOKEN);
            ObjectNode item = ((ArrayNode) msg.putArray("data")).addObject();
            item.put("event_name", "login_failed");
            item.putObject("event").put("content", "login failed on " + target);
            item.put("target", target);
            item.putObject("dimension").put("module", "mod-" + dim % 2);
            item.put("timestamp", ms);
            out.accept(new Input(Kind.CUSTOM, target, Json.write(msg), ms));
        }
    }

    /** Time-series reports of cpu_load, each series in one window; half the series hot. */
    private void points(Consumer<Input> out) {
        int series = 2 * NEW_PER_MINUTE;
        int perWindow = series * POINTS_PER_SERIES;
        for (int i = 0; i < points; i++) {
            int w = i / perWindow;
            int within = i % perWindow;
            int s = within % series;
            long ms = windowStart(w, seriesWindows()) * 1000 + (long) within * 59_000 / perWindow;
            int id = w * series + s;
            String target = "10.40." + (id / 256) + "." + (id % 256);
            double load = s < NEW_PER_MINUTE ? 6.5 : 1.0;
            ObjectNode msg = Json.MAPPER.createObjectNode();
            msg.put("data_id", SERIES_DATA_ID).put("access_token", SERIES_TOKEN);
            ObjectNode item = ((ArrayNode) msg.putArray("data")).addObject();
            item.putObject("metrics").put("cpu_load", load);
            item.put("target", target);
            item.put("timestamp", ms);
            out.accept(new Input(Kind.POINT, target, Json.write(msg), ms));
        }
    }

    /** The start of window {@code w} of {@code n}: the last full minutes before {@code now}. */
    private long windowStart(int w, int n) {
        long minute = now - Math.floorMod(now, 60);
        return minute - (long) (n - w) * 60;
    }

    /**
     * Third-party event {@code i}: round {@code i / FINGERPRINTS} of fingerprint {@code i %
     * FINGERPRINTS}; each fingerprint is an alert name on a host. Fingerprints begin evenly over
     * the {@link #SPAN_SECONDS} before the strategy-bound data, a few thousand new alerts a minute
     * (under alert QoS's flood threshold), and repeat every six seconds.
     */
    Input ftaEvent(int i) {
        int f = i % FINGERPRINTS;
        int round = i / FINGERPRINTS;
        boolean recovery = f % 10 == 0 && round > 0 && round == lastRound(f);
        return ftaEvent(run + "-" + f + "-" + round, f, recovery, ftaTime(i), "round " + round);
    }

    /** Third-party event numbers by their time, then number. */
    private int[] ftaInTimeOrder() {
        long[] byTime = new long[fta];
        long first = ftaTime(0);
        for (int i = 0; i < fta; i++) {
            byTime[i] = (ftaTime(i) - first) << 32 | i;
        }
        Arrays.sort(byTime);
        int[] order = new int[fta];
        for (int k = 0; k < fta; k++) {
            order[k] = (int) byTime[k];
        }
        return order;
    }

    private long ftaTime(int i) {
        int f = i % FINGERPRINTS;
        int round = i / FINGERPRINTS;
        return now - SPAN_SECONDS - 180 + (long) f * SPAN_SECONDS / FINGERPRINTS + round * 6L;
    }

    /** A third-party event of fingerprint {@code f} at {@code time}, epoch seconds. */
    Input ftaEvent(String id, int f, boolean recovery, long time, String description) {
        int host = f / ALERT_NAMES;
        return new Input(
                Kind.FTA,
                hostIp(host),
                ftaJson(
                        id,
                        "bench alert " + f % ALERT_NAMES,
                        1 + f % 3,
                        recovery ? "RECOVERED" : "ABNORMAL",
                        hostIp(host),
                        2 + host % 10,
                        time,
                        description),
                time * 1000);
    }

    private int lastRound(int f) {
        return (fta - 1 - f) / FINGERPRINTS;
    }

    /** A third-party event in the shape bk-monitor's FTA ingests. */
    static String ftaJson(
            String id,
            String name,
            int severity,
            String status,
            String ip,
            int biz,
            long time,
            String description) {
        return "{\"event_id\":\""
                + id
                + "\",\"plugin_id\":\"bench\",\"alert_name\":\""
                + name
                + "\",\"description\":\""
                + description
                + "\",\"severity\":"
                + severity
                + ",\"status\":\""
                + status
                + "\",\"target_type\":\"HOST\",\"target\":\""
                + ip
                + "|0\",\"bk_biz_id\":"
                + biz
                + ",\"category\":\"os\",\"time\":"
                + time
                + ",\"tags\":[{\"key\":\"source\",\"value\":\"bench\"}]}";
    }

    /** Seeded hosts first (SeedCmdb's addresses), then hosts the CMDB does not know. */
    static String hostIp(int host) {
        if (host < SEEDED_HOSTS) {
            return seededIp(host);
        }
        int h = host - SEEDED_HOSTS;
        return "10.99." + (h / 256) + "." + (h % 256);
    }

    private static String seededIp(int i) {
        return "10." + (20 + i / 65536) + "." + (30 + (i / 256) % 200) + "." + (i % 256);
    }

    /**
     * GSE alarm {@code i}: disk {@code i / GSE_HOSTS} of host {@code i % GSE_HOSTS} full, {@link
     * #NEW_PER_MINUTE} a minute, the last three minutes ago.
     */
    Input diskFull(int i) {
        int host = i % GSE_HOSTS;
        long time = now - 180 - (long) (gse - 1 - i) * 60 / NEW_PER_MINUTE;
        return new Input(
                Kind.GSE,
                seededIp(host),
                GseAlarms.diskFull(time, seededIp(host), "/data" + i / GSE_HOSTS),
                time * 1000);
    }

    private static int roundDown(int n, int unit) {
        return n / unit * unit;
    }
}
