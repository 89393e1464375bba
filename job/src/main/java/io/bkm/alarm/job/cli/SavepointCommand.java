package io.bkm.alarm.job.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bkm.alarm.alert.AlertState;
import io.bkm.alarm.alert.AlertStateFunction;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.job.Uids;
import io.bkm.alarm.model.Alert;
import io.bkm.alarm.model.NoticeState;
import io.bkm.alarm.notice.NoticeFunction;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.state.api.OperatorIdentifier;
import org.apache.flink.state.api.SavepointReader;
import org.apache.flink.state.api.functions.KeyedStateReaderFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;

/**
 * {@code bkm savepoint inspect PATH [--open] [--json]}: the alerts a savepoint (or retained
 * checkpoint) of the job holds, with their versions, and the notice state of each, read with
 * Flink's State Processor API under the job's own uids and state names.
 */
final class SavepointCommand {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private SavepointCommand() {}

    static void run(CliArgs a, PrintStream out) throws CliException {
        if (!a.word(1, "inspect").equals("inspect")) {
            throw new CliException("savepoint inspect PATH [--open] [--json]");
        }
        String path = a.word(2, "the savepoint path");
        List<JsonNode> alerts = new ArrayList<>();
        Map<String, JsonNode> notices = new HashMap<>();
        try {
            Configuration conf = new Configuration();
            conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.getExecutionEnvironment(conf);
            env.setParallelism(1);
            SavepointReader sp = SavepointReader.read(env, path, new EmbeddedRocksDBStateBackend());
            alerts.addAll(rows(sp, Uids.ALERT_LIFECYCLE, new AlertRows()));
            for (JsonNode n : rows(sp, Uids.NOTICE, new NoticeRows())) {
                notices.put(n.path("alert_id").asText(), n);
            }
        } catch (Exception e) {
            throw new CliException("cannot read the savepoint at " + path + ": " + rootOf(e));
        }
        alerts.sort((x, y) -> x.path("id").asText().compareTo(y.path("id").asText()));
        boolean open = a.has("open");
        if (!a.has("json")) {
            out.printf(
                    "%-20s %-32s %-10s %-7s %-6s %-14s %s%n",
                    "ID", "FINGERPRINT", "STATUS", "VERSION", "EVENTS", "BEGIN (UTC)", "NOTICES");
        }
        int shown = 0;
        for (JsonNode x : alerts) {
            boolean ended =
                    x.path("status").asText().equals("RECOVERED")
                            || x.path("status").asText().equals("CLOSED");
            if (open && ended) {
                continue;
            }
            JsonNode n = notices.get(x.path("id").asText());
            if (a.has("json")) {
                ObjectNode row = ((ObjectNode) x).deepCopy();
                if (n != null) {
                    row.set("notice", n);
                }
                out.println(Json.write(row));
            } else {
                out.printf(
                        "%-20s %-32s %-10s %-7s %-6s %-14s %s%n",
                        x.path("id").asText(),
                        x.path("dedupe_md5").asText(),
                        x.path("status").asText(),
                        x.path("version").asText(),
                        x.path("event_count").asText(),
                        TIME.format(Instant.ofEpochSecond(x.path("begin_time").asLong())),
                        n == null
                                ? "-"
                                : "rounds "
                                        + n.path("execute_times").asInt()
                                        + ", upgrades "
                                        + n.path("upgrades").asInt());
            }
            shown++;
        }
        if (!a.has("json")) {
            out.printf("%d %salerts%n", shown, open ? "open " : "");
        }
    }

    /** What {@code reader} makes of the keyed state of operator {@code uid}, as JSON. */
    private static List<JsonNode> rows(
            SavepointReader sp, String uid, KeyedStateReaderFunction<String, String> reader)
            throws Exception {
        List<JsonNode> out = new ArrayList<>();
        try (CloseableIterator<String> it =
                sp.readKeyedState(
                                OperatorIdentifier.forUid(uid), reader, Types.STRING, Types.STRING)
                        .executeAndCollect("bkm savepoint " + uid)) {
            it.forEachRemaining(r -> out.add(read(r)));
        }
        return out;
    }

    private static JsonNode read(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The message of what went wrong at the bottom of {@code e}. */
    static String rootOf(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** Each key's alerts, the current one of each fingerprint, as JSON. */
    static final class AlertRows extends KeyedStateReaderFunction<String, String> {
        private transient MapState<String, AlertState> alerts;

        @Override
        public void open(Configuration parameters) {
            alerts = getRuntimeContext().getMapState(AlertStateFunction.ALERTS);
        }

        @Override
        public void readKey(String key, Context ctx, Collector<String> out) throws Exception {
            for (Map.Entry<String, AlertState> e : alerts.entries()) {
                Alert alert = e.getValue().alert;
                if (alert == null) {
                    continue;
                }
                ObjectNode row = Json.MAPPER.createObjectNode();
                row.put("id", alert.id);
                row.put("dedupe_md5", alert.dedupeMd5);
                row.put("status", alert.status);
                row.put("version", alert.version);
                row.put("event_count", alert.eventCount);
                row.put("begin_time", alert.beginTime);
                row.put("latest_time", alert.latestTime);
                row.put("severity", alert.severity);
                row.put("alert_name", alert.alertName);
                row.put("flapping", e.getValue().flapping);
                out.collect(Json.write(row));
            }
        }
    }

    /** Each alert's notice state, as JSON. */
    static final class NoticeRows extends KeyedStateReaderFunction<String, String> {
        private transient ValueState<NoticeState> state;

        @Override
        public void open(Configuration parameters) {
            state = getRuntimeContext().getState(NoticeFunction.STATE);
        }

        @Override
        public void readKey(String alertId, Context ctx, Collector<String> out) throws Exception {
            NoticeState n = state.value();
            if (n == null) {
                return;
            }
            ObjectNode row = Json.MAPPER.createObjectNode();
            row.put("alert_id", alertId);
            row.put("execute_times", n.executeTimes);
            row.put("last_notice_time", n.lastNoticeTime);
            row.put("upgrades", n.upgrades);
            row.put("notified_severity", n.notifiedSeverity);
            out.collect(Json.write(row));
        }
    }
}
