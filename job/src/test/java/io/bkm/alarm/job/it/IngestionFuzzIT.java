package io.bkm.alarm.job.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bkm.alarm.common.ParseAccounting;
import io.bkm.alarm.common.Reasons;
import io.bkm.alarm.fuzz.FuzzCorpus;
import io.bkm.alarm.fuzz.MessageMutator;
import io.bkm.alarm.job.config.JobSettings;
import io.bkm.localservices.LocalServices;
import io.bkm.localservices.TestServices;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.JobExecutionResult;
import org.junit.jupiter.api.Test;

/**
 * Over 10,000 mutated real messages of every input kind, plus good and bad config records, sent to
 * the running job: each message must be accounted for by the job's own books (records out, all
 * dropped by a rule, or dead-lettered), and every dead letter must reach {@code bkm_dead_letter}
 * with a known reason and its payload intact. The job must finish normally.
 */
class IngestionFuzzIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long SEED = Long.getLong("bkm.fuzz.seed", 11L);
    private static final int MUTATIONS_PER_SAMPLE = 950;

    @Test
    void everyMessageSentToTheRunningJobIsAccountedFor() throws Exception {
        LocalServices svc = TestServices.get();
        KafkaTopics kafka = new KafkaTopics(svc.kafkaBootstrap());
        String run = "ingest_fuzz";
        JobSettings s = JobRuns.settings(svc, run, run + "_in_fta");
        Map<FuzzCorpus.Input, String> topicOf = new EnumMap<>(FuzzCorpus.Input.class);
        topicOf.put(FuzzCorpus.Input.FTA_EVENT, s.topics().ftaEvent());
        topicOf.put(FuzzCorpus.Input.GSE_SYSTEM_EVENT, s.topics().gseSystemEvent());
        topicOf.put(FuzzCorpus.Input.GSE_CUSTOM_EVENT, s.topics().gseCustomEvent());
        topicOf.put(FuzzCorpus.Input.GSE_PROCESS_EVENT, s.topics().gseProcessEvent());
        topicOf.put(FuzzCorpus.Input.CUSTOM_EVENT, s.topics().customEvent());
        topicOf.put(FuzzCorpus.Input.TIMESERIES, s.topics().timeSeries());
        for (String t : topicOf.values()) {
            kafka.create(t, 2);
        }

        long nowMs = System.currentTimeMillis();
        String gseTime =
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
                        .withZone(ZoneOffset.UTC)
                        .format(Instant.ofEpochMilli(nowMs - 60_000));
        MessageMutator mutator = new MessageMutator(SEED);
        Map<String, List<KafkaTopics.Message>> byTopic = new HashMap<>();
        Set<String> sentPayloads = new HashSet<>();
        int sent = 0;
        for (FuzzCorpus.Sample sample : FuzzCorpus.samples(gseTime, nowMs - 60_000)) {
            byte[] original = sample.message().getBytes(StandardCharsets.UTF_8);
            List<KafkaTopics.Message> list =
                    byTopic.computeIfAbsent(topicOf.get(sample.input()), t -> new ArrayList<>());
            list.add(new KafkaTopics.Message("k" + sent, original, nowMs));
            sent++;
            for (int i = 0; i < MUTATIONS_PER_SAMPLE; i++) {
                byte[] m = mutator.mutate(original);
                list.add(new KafkaTopics.Message("k" + sent, m, nowMs));
                sentPayloads.add(new String(m, StandardCharsets.UTF_8));
                sent++;
            }
        }
        byTopic.forEach(kafka::produce);
        // run-time data sources: one good, two bad (dead letters), one tombstone; and a strategy
        // that is not valid (a dead letter)
        kafka.produce(
                s.topics().config(),
                List.of(
                        KafkaTopics.Message.of(
                                "datasource:1573001",
                                "{\"data_id\":1573001,\"access_token\":\"aaaaaaaaaaaa\",\"kind\":\"event\",\"bk_biz_id\":2}",
                                nowMs),
                        KafkaTopics.Message.of("datasource:abc", "{}", nowMs),
                        KafkaTopics.Message.of(
                                "datasource:1573002", "{\"data_id\":1573003}", nowMs),
                        KafkaTopics.Message.of("datasource:1573004", null, nowMs),
                        KafkaTopics.Message.of("strategy:1", "{\"id\":1}", nowMs)));

        JobExecutionResult result = JobRuns.run(s, UnaryOperator.identity());

        long in = result.<Long>getAccumulatorResult(ParseAccounting.ACC_IN);
        long withOutput = result.<Long>getAccumulatorResult(ParseAccounting.ACC_WITH_OUTPUT);
        long allDropped = result.<Long>getAccumulatorResult(ParseAccounting.ACC_ALL_DROPPED);
        long dead = result.<Long>getAccumulatorResult(ParseAccounting.ACC_DEAD);
        System.out.printf(
                "[ingest-fuzz] seed %d: sent %d, the job took in %d: %d with output, %d dropped by"
                        + " rule, %d dead letters%n",
                SEED, sent, in, withOutput, allDropped, dead);
        assertThat(sent).isGreaterThanOrEqualTo(10_000);
        assertThat(in).isEqualTo(sent);
        assertThat(withOutput + allDropped + dead).isEqualTo(in);
        assertThat(withOutput).isPositive();
        assertThat(dead).isPositive();

        List<KafkaTopics.Received> letters = kafka.readCommitted(s.topics().deadLetter());
        assertThat(letters).hasSize((int) dead + 3);
        Set<String> known = knownReasons();
        Map<String, Integer> byReason = new TreeMap<>();
        int configLetters = 0;
        for (KafkaTopics.Received r : letters) {
            JsonNode d = MAPPER.readTree(r.value());
            assertThat(known).contains(d.get("reason").asText());
            byReason.merge(d.get("reason").asText(), 1, Integer::sum);
            if (d.get("source_topic").asText().equals(s.topics().config())) {
                configLetters++;
            } else if (d.get("reason").asText().equals(Reasons.INVALID_UTF8)) {
                assertThat(d.get("payload_bytes").asInt()).isPositive();
            } else {
                assertThat(sentPayloads).contains(d.get("payload").asText());
            }
        }
        assertThat(configLetters).isEqualTo(3);
        System.out.printf("[ingest-fuzz] dead letters by reason: %s%n", byReason);
    }

    private static Set<String> knownReasons() throws IllegalAccessException {
        Set<String> out = new HashSet<>();
        for (Field f : Reasons.class.getFields()) {
            out.add((String) f.get(null));
        }
        return out;
    }
}
