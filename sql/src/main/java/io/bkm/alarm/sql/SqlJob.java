package io.bkm.alarm.sql;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.job.JobEnvironment;
import io.bkm.alarm.job.config.JobConfig;
import io.bkm.alarm.job.config.JobSettings;
import io.bkm.alarm.sinks.es.ElasticsearchBulkSink;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamStatementSet;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.RowKind;

/**
 * The SQL job over the alert stream: the statements of {@code sql/*.sql} as one Flink job, with the
 * same {@code conf/job.yaml} and {@code --key value} overrides as the main job. {@code flink run}
 * of the SQL jar, or {@code scripts/sql.sh} on the local stack.
 */
public final class SqlJob {
    private SqlJob() {}

    public static void main(String[] args) throws Exception {
        JobConfig c = JobConfig.fromArgs(args);
        JobSettings s = JobSettings.from(c);
        SqlSettings q = SqlSettings.from(c);
        StreamExecutionEnvironment env = JobEnvironment.environment(s);
        prepareOutputs(s, q);
        define(env, s, q);
        env.execute(q.jobName());
    }

    /**
     * Start-up work outside the graph: the statistics' index template, created when missing; a
     * difference from an existing one is reported, never applied.
     */
    public static void prepareOutputs(JobSettings s, SqlSettings q) throws Exception {
        String json;
        try (var in = SqlJob.class.getResourceAsStream("/templates/alert-stats.json")) {
            json = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        json =
                json.replace("${index}", q.statsIndex())
                        .replace("${replicas}", Integer.toString(s.elasticsearch().replicas()));
        var http =
                new io.bkm.alarm.sinks.es.ElasticsearchHttp(
                        s.elasticsearch().connection(), java.time.Duration.ofSeconds(30));
        for (String d :
                io.bkm.alarm.sinks.es.IndexTemplates.ensure(
                        http, q.statsIndex(), (ObjectNode) Json.MAPPER.readTree(json))) {
            System.err.println(
                    "bkm-alarm-sql: index template differs, left unchanged: "
                            + q.statsIndex()
                            + ": "
                            + d);
        }
    }

    /**
     * Defines the job on {@code env}: its tables and statements, and the daily statistics view
     * written to Elasticsearch by the project's own writer. {@code env.execute} runs it.
     */
    public static void define(StreamExecutionEnvironment env, JobSettings s, SqlSettings q)
            throws Exception {
        StreamTableEnvironment t = StreamTableEnvironment.create(env);
        var conf = t.getConfig();
        conf.set("table.local-time-zone", "UTC");
        // uids from the plan, so a savepoint of the same statements restores
        conf.set("table.exec.uid.generation", "ALWAYS");
        conf.set("table.exec.source.idle-timeout", q.idleTimeoutMs() + " ms");
        // what the daily statistics hold of an alert, or of a day, is kept this long after its last
        // change; the converged windows say their own (STATE_TTL), the storms end on watermarks
        conf.set("table.exec.state.ttl", "2 d");
        // upserts of a window at most every few seconds, not one per alert version
        conf.set("table.exec.mini-batch.enabled", "true");
        conf.set("table.exec.mini-batch.allow-latency", "5 s");
        conf.set("table.exec.mini-batch.size", "5000");
        t.createTemporarySystemFunction("FIRST_IDS", FirstIds.class);
        t.createTemporarySystemFunction("TOP_DIMENSIONS", TopDimensions.class);
        t.createTemporarySystemFunction("P90", P90.class);
        StreamStatementSet inserts = t.createStatementSet();
        for (String statement : SqlStatements.load(settings(s, q))) {
            if (statement.regionMatches(true, 0, "INSERT", 0, 6)) {
                inserts.addInsertSql(statement);
            } else {
                t.executeSql(statement);
            }
        }
        inserts.attachAsDataStream();
        Table stats = t.from("daily_stats");
        var es = s.elasticsearch();
        t.toChangelogStream(stats)
                .filter(r -> r.getKind() == RowKind.INSERT || r.getKind() == RowKind.UPDATE_AFTER)
                .uid("sql-daily-stats-upserts")
                .name("daily statistics: inserts and updates")
                .keyBy(StatsDocuments::id, Types.STRING)
                .sinkTo(
                        new ElasticsearchBulkSink<>(
                                "alert-stats",
                                es.connection(),
                                es.batch(),
                                new StatsDocuments(
                                        q.statsIndex(),
                                        stats.getResolvedSchema().getColumnNames())))
                .uid("sql-sink-daily-stats-es")
                .name("daily statistics to Elasticsearch");
    }

    /** What the {@code .sql} files may name as {@code ${key}}. */
    static Map<String, String> settings(JobSettings s, SqlSettings q) {
        Map<String, String> v = new TreeMap<>();
        v.put("kafka.bootstrap-servers", s.kafkaBootstrap());
        v.put("kafka.transaction-timeout-ms", Long.toString(s.kafkaSink().transactionTimeoutMs()));
        StringBuilder login = new StringBuilder();
        new TreeMap<>(s.kafkaSecurity().clientProperties())
                .forEach(
                        (k, val) ->
                                login.append(",\n  'properties.")
                                        .append(k)
                                        .append("' = '")
                                        .append(val.replace("'", "''"))
                                        .append('\''));
        v.put("kafka.options", login.toString());
        v.put(
                "kafka.source-options",
                login + (s.bounded() ? ",\n  'scan.bounded.mode' = 'latest-offset'" : ""));
        v.put("topics.alert", s.alertTopic());
        v.put("topics.action", s.actionTopic());
        v.put("sql.converged-ttl", (300 + q.allowedLatenessSeconds()) + " s");
        v.put("sql.group-id", q.groupId());
        v.put("sql.transactional-id-prefix", q.transactionalIdPrefix());
        v.put("sql.converged-alert-topic", q.convergedAlertTopic());
        v.put("sql.alert-storm-topic", q.alertStormTopic());
        v.put("sql.out-of-orderness", interval(q.outOfOrdernessSeconds()));
        v.put("sql.storm.threshold", Integer.toString(q.stormThreshold()));
        // busy minutes closer than this (their window times) are one storm
        v.put("sql.storm.session-gap", interval((q.stormQuietMinutes() + 1) * 60L));
        return v;
    }

    /**
     * A span as an interval literal: a plain {@code SECOND} holds at most 99, and the planner takes
     * no other precision, so days to seconds.
     */
    static String interval(long seconds) {
        return String.format(
                "INTERVAL '%d %02d:%02d:%02d' DAY TO SECOND",
                seconds / 86_400, seconds / 3600 % 24, seconds / 60 % 60, seconds % 60);
    }

    /** The statements as they run with these settings; for tests and {@code --print}. */
    static List<String> statements(JobSettings s, SqlSettings q) throws Exception {
        return SqlStatements.load(settings(s, q));
    }
}
