package io.bkm.alarm.job.io;

import io.bkm.alarm.common.ConfigCatchUp;
import io.bkm.alarm.common.InputWatermarks;
import io.bkm.alarm.job.Inputs;
import io.bkm.alarm.job.Uids;
import io.bkm.alarm.job.config.JobSettings;
import io.bkm.alarm.job.config.Topics;
import io.bkm.alarm.model.RawMessage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

/** The job's Kafka sources. */
public final class KafkaInputs {
    private KafkaInputs() {}

    public static Inputs all(StreamExecutionEnvironment env, JobSettings s) {
        return all(
                env,
                s,
                new ConfigCatchUp(endOffsets(s, s.topics().config()), s.input().configWaitMs()));
    }

    /** As {@link #all(StreamExecutionEnvironment, JobSettings)}, told where the config ended. */
    public static Inputs all(
            StreamExecutionEnvironment env, JobSettings s, ConfigCatchUp configCatchUp) {
        Topics t = s.topics();
        String from = s.kafka().startingOffsets();
        WatermarkStrategy<RawMessage> events =
                InputWatermarks.recordTimes(s.notice().orderMs(), s.notice().inputPatienceMs());
        WatermarkStrategy<RawMessage> untimed = InputWatermarks.none();
        return new Inputs(
                stream(env, s, t.ftaEvent(), Uids.SOURCE_FTA_EVENT, from, events),
                stream(env, s, t.gseSystemEvent(), Uids.SOURCE_GSE_SYSTEM_EVENT, from, events),
                stream(env, s, t.gseCustomEvent(), Uids.SOURCE_GSE_CUSTOM_EVENT, from, events),
                stream(env, s, t.gseProcessEvent(), Uids.SOURCE_GSE_PROCESS_EVENT, from, events),
                stream(env, s, t.customEvent(), Uids.SOURCE_CUSTOM_EVENT, from, events),
                stream(env, s, t.timeSeries(), Uids.SOURCE_TIMESERIES, from, events),
                // the compacted config topic is the whole configuration: always from the start;
                // its rare records go to every operator that reads it as they come
                // (GraphSteps.rare)
                stream(env, s, t.config(), Uids.SOURCE_CONFIG, "earliest", untimed)
                        .setBufferTimeout(0),
                stream(env, s, t.alertOps(), Uids.SOURCE_ALERT_OPS, from, untimed),
                stream(env, s, t.alertQosRelease(), Uids.SOURCE_ALERT_QOS_RELEASE, from, untimed),
                // APM discovery times spans on their own
                stream(
                        env,
                        s,
                        t.apmSpan(),
                        Uids.SOURCE_APM_SPAN,
                        from,
                        WatermarkStrategy.noWatermarks()),
                configCatchUp);
    }

    /**
     * The committed end of each partition of {@code topic} now; empty when the topic is missing or
     * Kafka cannot say, so the job then starts without waiting rather than not at all.
     */
    public static Map<Integer, Long> endOffsets(JobSettings s, String topic) {
        Map<Integer, Long> out = new TreeMap<>();
        // the calls below wait 15 s at most; a default API timeout under the request timeout
        // would be refused by the client
        try (Admin admin = Admin.create(adminProperties(s))) {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (TopicPartitionInfo p :
                    admin.describeTopics(List.of(topic))
                            .allTopicNames()
                            .get(15, TimeUnit.SECONDS)
                            .get(topic)
                            .partitions()) {
                request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
            }
            admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                    .all()
                    .get(15, TimeUnit.SECONDS)
                    .forEach((tp, info) -> out.put(tp.partition(), info.offset()));
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            System.err.println(
                    "bkm-alarm: cannot read the end of "
                            + topic
                            + " ("
                            + e
                            + "); records are bound without waiting for it");
        }
        return out;
    }

    /** An admin client's properties: where Kafka is and how to log in. */
    public static Map<String, Object> adminProperties(JobSettings s) {
        Map<String, Object> p = new HashMap<>(s.kafka().security().clientProperties());
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, s.kafka().bootstrapServers());
        return p;
    }

    private static SingleOutputStreamOperator<RawMessage> stream(
            StreamExecutionEnvironment env,
            JobSettings s,
            String topic,
            String uid,
            String offsets,
            WatermarkStrategy<RawMessage> watermarks) {
        return env.fromSource(source(s, topic, offsets), watermarks, "kafka: " + topic).uid(uid);
    }

    static KafkaSource<RawMessage> source(JobSettings s, String topic, String offsets) {
        return source(s, topic, offsets, s.kafka().groupId());
    }

    /**
     * The raw records of {@code topic}, committed ones only, from {@code offsets} ("earliest",
     * "latest", or the group's committed offsets) when no checkpoint says where; {@code groupId}
     * names the reader in lag monitoring.
     */
    public static KafkaSource<RawMessage> source(
            JobSettings s, String topic, String offsets, String groupId) {
        KafkaSourceBuilder<RawMessage> b =
                KafkaSource.<RawMessage>builder()
                        .setBootstrapServers(s.kafka().bootstrapServers())
                        .setTopics(topic)
                        .setGroupId(groupId)
                        .setStartingOffsets(startingOffsets(offsets))
                        .setDeserializer(new RawMessageDeserializer())
                        // Offsets live in checkpoints; committing them is only for lag monitoring.
                        .setProperty("commit.offsets.on.checkpoint", "true")
                        .setProperty("isolation.level", "read_committed")
                        // A consumer drains one partition's fetch before it reads the next: a
                        // backlog compressed to a few bytes a record would be read a partition at a
                        // time, and the watermark, the slowest partition's, would stand still.
                        .setProperty(
                                "max.partition.fetch.bytes",
                                Integer.toString(s.kafka().partitionFetchBytes()));
        s.kafka().security().clientProperties().forEach(b::setProperty);
        if (s.kafka().bounded()) {
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
