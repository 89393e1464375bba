package io.bkm.alarm.sql;

import io.bkm.alarm.common.DeadLetters;
import io.bkm.alarm.common.ParseFunction;
import io.bkm.alarm.job.config.JobSettings;
import io.bkm.alarm.job.io.KafkaInputs;
import io.bkm.alarm.model.DeadLetter;
import io.bkm.alarm.model.RawMessage;
import io.bkm.alarm.sinks.kafka.KafkaSinks;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;

/**
 * The SQL job's two inputs as the tables {@code alerts} and {@code actions}, read and checked by
 * the main job's own parsing: a record that is no alert version or notice goes to {@code
 * bkm_dead_letter} with its reason, and is counted, instead of failing the windows or being
 * skipped.
 */
final class SqlInputs {
    private SqlInputs() {}

    static void register(
            StreamExecutionEnvironment env,
            StreamTableEnvironment t,
            JobSettings s,
            SqlSettings q) {
        WatermarkStrategy<RawMessage> alertTimes =
                WatermarkStrategy.<RawMessage>forBoundedOutOfOrderness(
                                Duration.ofSeconds(q.outOfOrdernessSeconds()))
                        .withTimestampAssigner(new UpdateTimes())
                        .withIdleness(Duration.ofMillis(q.idleTimeoutMs()));
        SingleOutputStreamOperator<Row> alerts =
                env.fromSource(
                                KafkaInputs.source(s, s.topics().alert(), "earliest", q.groupId()),
                                alertTimes,
                                "kafka: " + s.topics().alert())
                        .uid(SqlUids.SOURCE_ALERTS)
                        .process(
                                new ParseFunction<>(
                                        new AlertVersionRows(), s.input().maxMessageBytes()),
                                AlertVersionRows.TYPE)
                        .uid(SqlUids.PARSE_ALERTS)
                        .name("parse alert versions");
        SingleOutputStreamOperator<Row> notices =
                env.fromSource(
                                KafkaInputs.source(s, s.topics().action(), "earliest", q.groupId()),
                                WatermarkStrategy.noWatermarks(),
                                "kafka: " + s.topics().action())
                        .uid(SqlUids.SOURCE_ACTIONS)
                        .process(
                                new ParseFunction<>(new NoticeRows(), s.input().maxMessageBytes()),
                                NoticeRows.TYPE)
                        .uid(SqlUids.PARSE_ACTIONS)
                        .name("parse notices");
        alerts.getSideOutput(DeadLetters.TAG)
                .union(notices.getSideOutput(DeadLetters.TAG))
                .sinkTo(deadLetters(s, q))
                .uid(SqlUids.SINK_DEAD_LETTERS)
                .name("dead letters to " + s.topics().deadLetter());
        t.createTemporaryView(
                "alerts",
                t.fromDataStream(
                        alerts,
                        Schema.newBuilder()
                                .columnByMetadata("ts", DataTypes.TIMESTAMP_LTZ(3), "rowtime")
                                .watermark("ts", "SOURCE_WATERMARK()")
                                .build()));
        t.createTemporaryView("actions", t.fromDataStream(notices));
    }

    private static Sink<DeadLetter> deadLetters(JobSettings s, SqlSettings q) {
        var k = s.kafka().sink();
        return KafkaSinks.deadLetters(
                new KafkaSinks.Settings(
                        k.bootstrapServers(),
                        k.security(),
                        q.transactionalIdPrefix(),
                        k.transactionTimeoutMs()),
                s.topics().deadLetter());
    }
}
