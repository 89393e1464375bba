package io.bkm.alarm.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.bkm.alarm.common.InvalidInputException;
import io.bkm.alarm.common.JsonPayload;
import io.bkm.alarm.common.ParseResult;
import io.bkm.alarm.event.DedupeKeys;
import io.bkm.alarm.event.EventCleaner;
import io.bkm.alarm.fingerprint.Fingerprint;
import io.bkm.alarm.gse.GseEventParser;
import io.bkm.alarm.model.CustomEventRecord;
import io.bkm.alarm.model.DataSource;
import io.bkm.alarm.model.Event;
import io.bkm.alarm.model.GseRecord;
import io.bkm.alarm.model.Tag;
import io.bkm.alarm.report.ReportParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Parse + clean + fingerprint on one thread over a realistic mix of GSE alarms, custom event
 * reports and third-party events. Prints events per second; run with {@code scripts/bench.sh
 * parse}.
 */
public final class ParseBenchmark {
    private static final long NOW = 1716950100L;
    private static final String TOKEN = "9f2c61e3d0b34c8a8a1d7b7f4c6e2a10";

    private ParseBenchmark() {}

    public static void main(String[] args) throws Exception {
        int warmupSeconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int measureSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        List<byte[]> gse = new ArrayList<>();
        List<byte[]> custom = new ArrayList<>();
        List<byte[]> fta = new ArrayList<>();
        Random rnd = new Random(42);
        for (int i = 0; i < 3000; i++) {
            String ip = "10." + rnd.nextInt(256) + "." + rnd.nextInt(256) + "." + rnd.nextInt(256);
            gse.add(bytes(gseMessage(i % 3, ip, rnd)));
            custom.add(bytes(customReport(ip, rnd)));
            fta.add(bytes(ftaEvent(i, ip, rnd)));
        }
        Map<Long, DataSource> sources =
                Map.of(
                        1572946L,
                        new DataSource(1572946L, TOKEN, DataSource.KIND_EVENT, "5", "bench"));
        GseEventParser parser = new GseEventParser(GseEventParser.Settings.defaults());

        long[] sink = new long[1];
        Runnable round =
                () -> {
                    try {
                        for (int i = 0; i < gse.size(); i++) {
                            sink[0] += gseRecords(parser, gse.get(i));
                            sink[0] += customEvents(custom.get(i), sources);
                            sink[0] += ftaEvents(fta.get(i));
                        }
                    } catch (InvalidInputException e) {
                        throw new IllegalStateException(e);
                    }
                };
        run("warm-up", round, warmupSeconds, gse.size() * 3, sink);
        double perSecond = run("measure", round, measureSeconds, gse.size() * 3, sink);
        System.out.printf(
                "parse+clean+fingerprint, 1 thread, mix of GSE / custom / third-party messages:"
                        + " %,.0f events/s%n",
                perSecond);
    }

    private static double run(
            String phase, Runnable round, int seconds, int perRound, long[] sink) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        long t0 = System.nanoTime();
        long events = 0;
        while (System.nanoTime() < deadline) {
            round.run();
            events += perRound;
        }
        double rate = events / ((System.nanoTime() - t0) / 1e9);
        System.out.printf(
                "%-8s %,12d events %,12.0f events/s (checksum %d)%n",
                phase, events, rate, sink[0] & 0xff);
        return rate;
    }

    private static int gseRecords(GseEventParser parser, byte[] msg) throws InvalidInputException {
        JsonNode n = JsonPayload.parse(msg, 1 << 20);
        ParseResult<GseRecord> r = parser.parseSystemEvent(n, NOW);
        int h = 0;
        for (GseRecord rec : r.records()) {
            // md5_dimension: the host dimensions plus the type's own
            Object[] values = new Object[2 + rec.dimensions.length];
            values[0] = rec.host;
            values[1] = rec.cloudId;
            for (int i = 0; i < rec.dimensions.length; i++) {
                values[i + 2] = rec.dimensions[i].value;
            }
            h += Fingerprint.of(values).charAt(0);
        }
        return h;
    }

    private static int customEvents(byte[] msg, Map<Long, DataSource> sources)
            throws InvalidInputException {
        int h = 0;
        for (CustomEventRecord r :
                ReportParser.customEvents(JsonPayload.parse(msg, 1 << 20), sources::get, NOW)) {
            List<Object> dims = new ArrayList<>();
            dims.add(r.eventName);
            dims.add(r.target);
            for (Tag t : r.dimensions) {
                dims.add(t.value);
            }
            h += Fingerprint.of(dims).charAt(0);
        }
        return h;
    }

    private static int ftaEvents(byte[] msg) throws InvalidInputException {
        Event e = EventCleaner.clean(JsonPayload.parse(msg, 1 << 20), NOW);
        return DedupeKeys.md5(e).charAt(0) + e.id.charAt(0);
    }

    private static String gseMessage(int kind, String ip, Random rnd) {
        String extra =
                switch (kind) {
                    case 0 ->
                            "{\"type\":6,\"bizid\":0,\"cloudid\":0,\"host\":\""
                                    + ip
                                    + "\",\"disk\":\"/data"
                                    + rnd.nextInt(4)
                                    + "\",\"file_system\":\"/dev/vdb1\",\"fstype\":\"ext4\",\"free\":"
                                    + rnd.nextInt(10)
                                    + ",\"used_percent\":96,\"used\":481036288,\"avail\":19922944,\"size\":500959232}";
                    case 1 ->
                            "{\"type\":2,\"count\":1,\"host\":[{\"bizid\":0,\"cloudid\":0,\"ip\":\""
                                    + ip
                                    + "\",\"agent_id\":\"0:"
                                    + ip
                                    + "\"}]}";
                    default ->
                            "{\"type\":7,\"bizid\":0,\"cloudid\":0,\"host\":\""
                                    + ip
                                    + "\",\"executable\":\"order-svc\",\"executable_path\":\"/opt/order/bin/order-svc\","
                                    + "\"signal\":\"SIGSEGV\",\"corefile\":\"/data/corefile/core_"
                                    + rnd.nextInt(1000000)
                                    + "\",\"filesize\":\"73400320\"}";
                };
        return "{\"server\":\"10.0.0.11\",\"time\":\"2024-05-29"
                + " 10:33:53\",\"timezone\":8,\"utctime\":\"2024-05-29"
                + " 10:33:53\",\"utctime2\":\"2024-05-29"
                + " 02:33:53\",\"value\":[{\"event_raw_id\":"
                + rnd.nextInt(100000)
                + ",\"event_type\":\"gse_basic_alarm_type\",\"event_time\":\"2024-05-29 10:33:53\","
                + "\"event_title\":\"\",\"event_desc\":\"\",\"event_source_system\":\"\",\"extra\":"
                + extra
                + "}]}";
    }

    private static String customReport(String ip, Random rnd) {
        return "{\"data_id\":1572946,\"access_token\":\""
                + TOKEN
                + "\",\"data\":[{\"event_name\":\"login_failed\","
                + "\"event\":{\"content\":\"user u"
                + rnd.nextInt(1000)
                + " login failed "
                + rnd.nextInt(9)
                + " times\"},\"target\":\""
                + ip
                + "\",\"dimension\":{\"module\":\"auth\",\"location\":\"shenzhen\","
                + "\"event_type\":\"abnormal\"},\"timestamp\":1716951234567}]}";
    }

    private static String ftaEvent(int i, String ip, Random rnd) {
        return "{\"event_id\":\"zbx-"
                + i
                + "\",\"plugin_id\":\"zabbix_prod\",\"alert_name\":\"CPU usage high\","
                + "\"description\":\"CPU "
                + (80 + rnd.nextInt(20))
                + "% for 5m\",\"severity\":2,\"status\":\"ABNORMAL\","
                + "\"target_type\":\"HOST\",\"target\":\""
                + ip
                + "|0\",\"bk_biz_id\":5,"
                + "\"tags\":[{\"key\":\"trigger_id\",\"value\":\""
                + rnd.nextInt(100000)
                + "\"},{\"key\":\"host_group\",\"value\":\"web\"}],"
                + "\"metric\":[\"system.cpu.util\"],\"category\":\"os\",\"time\":1716950100,"
                + "\"bk_ingest_time\":1716950102,\"bk_clean_time\":1716950102,\"extra_info\":{}}";
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
