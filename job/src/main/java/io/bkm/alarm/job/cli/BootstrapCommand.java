package io.bkm.alarm.job.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bkm.alarm.alert.AlertIds;
import io.bkm.alarm.alert.AlertState;
import io.bkm.alarm.alert.AlertStateFunction;
import io.bkm.alarm.alert.AlertStateSettings;
import io.bkm.alarm.alert.CarriedAlerts;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.job.Uids;
import io.bkm.alarm.job.config.JobSettings;
import io.bkm.alarm.model.Alert;
import io.bkm.alarm.model.NoticeState;
import io.bkm.alarm.notice.CarriedNotices;
import io.bkm.alarm.notice.NoticeFunction;
import io.bkm.alarm.sinks.es.ElasticsearchHttp;
import io.bkm.alarm.strategy.Strategies;
import io.bkm.alarm.strategy.Strategy;
import io.bkm.alarm.strategy.StrategyIndex;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.state.api.OperatorIdentifier;
import org.apache.flink.state.api.OperatorTransformation;
import org.apache.flink.state.api.SavepointWriter;
import org.apache.flink.state.api.functions.KeyedStateBootstrapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code bkm bootstrap --from-es URL [--index bkfta_alert_*] [--event-index bkfta_event_*] --out
 * SAVEPOINT}: a savepoint of the job whose alert and notice state hold the open alerts of another
 * bk-monitor (or of an earlier job), so the job started from it continues them under their own ids
 * and does not page for them again. Written with Flink's State Processor API under the job's own
 * uids and state names; every other operator starts empty, and the config topic is read from its
 * start as on any first start.
 */
final class BootstrapCommand {
    static final String USAGE =
            "bootstrap --from-es URL [--index bkfta_alert_*] [--event-index bkfta_event_*]"
                    + " --out SAVEPOINT";

    private static final int PAGE = 500;

    private BootstrapCommand() {}

    static void run(CliArgs a, Services svc, PrintStream out) throws CliException {
        String url = a.flag("from-es");
        String target = a.flag("out");
        if (url == null || target == null) {
            throw new CliException(USAGE);
        }
        if (Files.exists(Path.of(target))) {
            throw new CliException(target + " already exists: name a new savepoint directory");
        }
        String index = a.flag("index") != null ? a.flag("index") : "bkfta_alert_*";
        String eventIndex = a.flag("event-index") != null ? a.flag("event-index") : "bkfta_event_*";
        ElasticsearchHttp es = new ElasticsearchHttp(List.of(url), Duration.ofSeconds(30));

        Map<String, ObjectNode> byFingerprint = new TreeMap<>();
        List<String> skipped = new ArrayList<>();
        for (JsonNode hit : openAlerts(es, url, index)) {
            JsonNode source = hit.path("_source");
            String id = hit.path("_id").asText();
            Alert alert;
            try {
                alert = BkMonitorAlertDocs.alert(source);
            } catch (BkMonitorAlertDocs.Refused r) {
                skipped.add(id + ": " + r.getMessage());
                continue;
            }
            ObjectNode doc = ((ObjectNode) source).deepCopy();
            // the job's next version must win Elasticsearch's external version check
            doc.put(
                    "version",
                    Math.max(1, Math.max(hit.path("_version").asLong(), version(alert))));
            if (alert.eventCount == null) {
                doc.put("event_count", countEvents(es, url, eventIndex, alert));
            }
            ObjectNode held = byFingerprint.get(alert.dedupeMd5);
            if (held != null && held.path("create_time").asLong() >= alert.createTime) {
                skipped.add(id + ": an older open alert of the fingerprint of " + held.path("id"));
                continue;
            }
            if (held != null) {
                skipped.add(held.path("id").asText() + ": an older open alert of the fingerprint");
            }
            byFingerprint.put(alert.dedupeMd5, doc);
        }
        if (byFingerprint.isEmpty()) {
            throw new CliException(
                    "no open alert to carry over in " + url + "/" + index + skippedNote(skipped));
        }
        List<String> docs = new ArrayList<>();
        byFingerprint.values().forEach(d -> docs.add(Json.write(d)));
        try {
            write(svc.settings, strategies(svc), docs, target);
        } catch (Exception e) {
            throw new CliException(
                    "cannot write the savepoint at " + target + ": " + SavepointCommand.rootOf(e));
        }
        out.printf("%d open alerts carried into %s%n", docs.size(), target);
        skipped.forEach(s -> out.println("skipped " + s));
        out.printf(
                "start the job from it: flink run -s %s … (or execution.state-recovery.path)%n",
                target);
    }

    private static long version(Alert a) {
        return a.version == null ? 0 : a.version;
    }

    private static String skippedNote(List<String> skipped) {
        return skipped.isEmpty() ? "" : " (" + skipped.size() + " skipped: " + skipped.get(0) + ")";
    }

    /** Every ABNORMAL document of {@code index}, through the scroll API. */
    private static List<JsonNode> openAlerts(ElasticsearchHttp es, String url, String index)
            throws CliException {
        ObjectNode query = Json.MAPPER.createObjectNode();
        query.put("size", PAGE).put("version", true);
        // match, not term: a status field that was mapped as text matches too
        query.putObject("query").putObject("match").put("status", "ABNORMAL");
        JsonNode page =
                Services.call(
                        es,
                        url,
                        "POST",
                        "/"
                                + index
                                + "/_search?scroll=1m&allow_no_indices=true"
                                + "&ignore_unavailable=true",
                        Json.write(query));
        List<JsonNode> hits = new ArrayList<>();
        while (page.path("hits").path("hits").size() > 0) {
            page.path("hits").path("hits").forEach(hits::add);
            ObjectNode next = Json.MAPPER.createObjectNode();
            next.put("scroll", "1m").put("scroll_id", page.path("_scroll_id").asText());
            page = Services.call(es, url, "POST", "/_search/scroll", Json.write(next));
        }
        return hits;
    }

    /**
     * bk-monitor keeps no event count: as its UI does, the events of the fingerprint stored within
     * the alert's time range; at least the one it holds.
     */
    private static long countEvents(ElasticsearchHttp es, String url, String index, Alert a)
            throws CliException {
        ObjectNode query = Json.MAPPER.createObjectNode();
        ArrayNode filter = query.putObject("query").putObject("bool").putArray("filter");
        filter.addObject().putObject("match").put("dedupe_md5", a.dedupeMd5);
        filter.addObject()
                .putObject("range")
                .putObject("time")
                .put("gte", a.beginTime)
                .put("lte", a.latestTime);
        JsonNode n =
                Services.call(
                        es,
                        url,
                        "POST",
                        "/" + index + "/_count?allow_no_indices=true&ignore_unavailable=true",
                        Json.write(query));
        return Math.max(1, n.path("count").asLong());
    }

    /** The strategies as the job will know them: shipped, then the config topic's. */
    private static Map<Long, String> strategies(Services svc) throws CliException {
        Map<Long, String> all = new TreeMap<>(svc.settings.input().strategies());
        ConfigTopic.latest(svc, Strategies.CONFIG_KEY_PREFIX)
                .forEach((id, json) -> all.put(id, json == null ? "" : json));
        return all;
    }

    private static void write(
            JobSettings s, Map<Long, String> strategies, List<String> docs, String target)
            throws Exception {
        Configuration conf = new Configuration();
        conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        DataStream<String> in = env.fromData(docs, Types.STRING);
        SavepointWriter.newSavepoint(
                        env, new EmbeddedRocksDBStateBackend(), s.job().maxParallelism())
                .withOperator(
                        OperatorIdentifier.forUid(Uids.ALERT_LIFECYCLE),
                        OperatorTransformation.bootstrapWith(in)
                                .keyBy(new AlertKey(), Types.STRING)
                                .transform(new AlertsIn(strategies, s.alert().state())))
                .withOperator(
                        OperatorIdentifier.forUid(Uids.NOTICE),
                        OperatorTransformation.bootstrapWith(in)
                                .keyBy(new AlertIdKey(), Types.STRING)
                                .transform(new NoticesIn(strategies, s.notice().defaultNotice())))
                .write(target);
        env.execute("bkm bootstrap");
    }

    private static JsonNode read(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The alert operator's key of a carried document. */
    static final class AlertKey implements KeySelector<String, String> {
        @Override
        public String getKey(String doc) {
            return AlertIds.key(read(doc).path("dedupe_md5").asText());
        }
    }

    /** The notice operator's key: the alert id. */
    static final class AlertIdKey implements KeySelector<String, String> {
        @Override
        public String getKey(String doc) {
            return read(doc).path("id").asText();
        }
    }

    /** The alert state and the key's timer of each carried alert. */
    static final class AlertsIn extends KeyedStateBootstrapFunction<String, String> {
        private final TreeMap<Long, String> strategies;
        private final AlertStateSettings times;
        private transient StrategyIndex index;
        private transient MapState<String, AlertState> alerts;
        private transient ValueState<Long> wake;

        AlertsIn(Map<Long, String> strategies, AlertStateSettings times) {
            this.strategies = new TreeMap<>(strategies);
            this.times = times;
        }

        @Override
        public void open(OpenContext context) {
            index = StrategyIndex.of(strategies, List.of());
            alerts = getRuntimeContext().getMapState(AlertStateFunction.ALERTS);
            wake = getRuntimeContext().getState(AlertStateFunction.WAKE);
        }

        @Override
        public void processElement(String doc, Context ctx) throws Exception {
            Alert a = BkMonitorAlertDocs.alert(read(doc));
            Strategy s = a.hasStrategy() ? index.byId(a.strategyId) : null;
            AlertState st = CarriedAlerts.state(a, s);
            alerts.put(a.dedupeMd5, st);
            CarriedAlerts.wake(st, times, wake, ctx.timerService());
        }
    }

    /** The notice state, with its repeat and upgrade timers, of each carried alert. */
    static final class NoticesIn extends KeyedStateBootstrapFunction<String, String> {
        private final TreeMap<Long, String> strategies;
        private final String defaultNoticeJson;
        private transient StrategyIndex index;
        private transient Strategy.Notice defaultNotice;
        private transient ValueState<NoticeState> state;

        NoticesIn(Map<Long, String> strategies, String defaultNoticeJson) {
            this.strategies = new TreeMap<>(strategies);
            this.defaultNoticeJson = defaultNoticeJson;
        }

        @Override
        public void open(OpenContext context) throws Exception {
            index = StrategyIndex.of(strategies, List.of());
            defaultNotice = Json.MAPPER.readValue(defaultNoticeJson, Strategy.Notice.class);
            state = getRuntimeContext().getState(NoticeFunction.STATE);
        }

        @Override
        public void processElement(String json, Context ctx) throws Exception {
            JsonNode doc = read(json);
            Alert a = BkMonitorAlertDocs.alert(doc);
            Strategy.Notice notice;
            if (a.hasStrategy()) {
                Strategy s = index.byId(a.strategyId);
                notice = s == null ? null : s.notice;
            } else {
                notice = defaultNotice;
            }
            state.update(
                    CarriedNotices.state(
                            a, BkMonitorAlertDocs.notices(doc, a), notice, ctx.timerService()));
        }
    }
}
