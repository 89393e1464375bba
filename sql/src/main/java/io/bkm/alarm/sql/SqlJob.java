package io.bkm.alarm.sql;

import io.bkm.alarm.job.JobEnvironment;
import io.bkm.alarm.job.config.JobConfig;
import io.bkm.alarm.job.config.JobSettings;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.StatementSet;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

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
        submit(JobEnvironment.environment(s), s, SqlSettings.from(c)).await();
    }

    /** Defines the job's tables and statements on {@code env} and submits it. */
    public static TableResult submit(StreamExecutionEnvironment env, JobSettings s, SqlSettings q)
            throws Exception {
        StreamTableEnvironment t = StreamTableEnvironment.create(env);
        var conf = t.getConfig();
        conf.set("pipeline.name", q.jobName());
        // uids from the plan, so a savepoint of the same statements restores
        conf.set("table.exec.uid.generation", "ALWAYS");
        conf.set("table.exec.source.idle-timeout", q.idleTimeoutMs() + " ms");
        // a converged window is kept (and upserted) this long after its end; the storms' windows
        // and patterns end on watermarks, not on this
        conf.set("table.exec.state.ttl", (300 + q.allowedLatenessSeconds()) + " s");
        // upserts of a window at most every few seconds, not one per alert version
        conf.set("table.exec.mini-batch.enabled", "true");
        conf.set("table.exec.mini-batch.allow-latency", "5 s");
        conf.set("table.exec.mini-batch.size", "5000");
        t.createTemporarySystemFunction("FIRST_IDS", FirstIds.class);
        t.createTemporarySystemFunction("TOP_DIMENSIONS", TopDimensions.class);
        StatementSet inserts = t.createStatementSet();
        for (String statement : SqlStatements.load(settings(s, q))) {
            if (statement.regionMatches(true, 0, "INSERT", 0, 6)) {
                inserts.addInsertSql(statement);
            } else {
                t.executeSql(statement);
            }
        }
        return inserts.execute();
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
