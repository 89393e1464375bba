package io.bkm.alarm.job.io;

import io.bkm.alarm.job.Uids;
import io.bkm.alarm.job.config.JobSettings;
import io.bkm.alarm.model.RawMessage;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** The job's Kafka sources. */
public final class KafkaInputs {
    private KafkaInputs() {}

    public static DataStream<RawMessage> ftaEvents(StreamExecutionEnvironment env, JobSettings s) {
        return env.fromSource(
                        source(s, s.ftaEventTopic()),
                        WatermarkStrategy.noWatermarks(),
                        "kafka: " + s.ftaEventTopic())
                .uid(Uids.SOURCE_FTA_EVENT);
    }

    static KafkaSource<RawMessage> source(JobSettings s, String topic) {
        KafkaSourceBuilder<RawMessage> b =
                KafkaSource.<RawMessage>builder()
                        .setBootstrapServers(s.kafkaBootstrap())
                        .setTopics(topic)
                        .setGroupId(s.kafkaGroupId())
                        .setStartingOffsets(startingOffsets(s.startingOffsets()))
                        .setDeserializer(new RawMessageDeserializer())
                        // Offsets live in checkpoints; committing them is only for lag monitoring.
                        .setProperty("commit.offsets.on.checkpoint", "true")
                        .setProperty("isolation.level", "read_committed");
        if (s.bounded()) {
            b.setBounded(OffsetsInitializer.latest());
        }
        return b.build();
    }

    private static OffsetsInitializer startingOffsets(String mode) {
        return switch (mode) {
            case "earliest" -> OffsetsInitializer.earliest();
            case "latest" -> OffsetsInitializer.latest();
            default -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
        };
    }
}
