package io.bkm.alarm.job.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.bkm.alarm.job.config.JobSettings;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * Everything one run left behind, in comparable form: every Elasticsearch index (ids and content;
 * the APM entity indices too), every committed Kafka output (as multisets of key and value) and the
 * Redis keys. Two runs of the same input must leave equal outcomes, however they were interrupted.
 */
record RunOutcome(
        Map<String, String> events,
        Map<String, String> alerts,
        Map<String, String> alertLogs,
        Map<String, Long> alertRecords,
        Map<String, Long> monitorEvents,
        Map<String, String> actions,
        Map<String, Long> actionRecords,
        Map<String, Long> deadLetters,
        Map<String, Long> qosReleases,
        Map<String, String> redis,
        Map<String, String> apmEntities,
        Map<String, Long> apmChanges) {

    /**
     * Reads the outputs side by side: one after another they spend most of their time waiting on
     * Elasticsearch, Kafka and Redis in turn.
     */
    static RunOutcome of(KafkaTopics kafka, ElasticsearchDocs es, int redisPort, JobSettings s)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Future<AlertStage> alertStage = pool.submit(() -> AlertStage.of(kafka, s));
            Future<Map<String, String>> events =
                    pool.submit(() -> es.digests(s.elasticsearch().eventIndex() + "_*"));
            Future<Map<String, String>> alertLogs =
                    pool.submit(() -> es.digests(s.elasticsearch().logAlertIndex() + "_*"));
            Future<Map<String, String>> alerts =
                    pool.submit(() -> es.digests(s.elasticsearch().alertIndex() + "_*"));
            Future<Map<String, String>> actions =
                    pool.submit(() -> es.digests(s.elasticsearch().actionIndex() + "_*"));
            Future<Map<String, Long>> actionRecords =
                    pool.submit(() -> multiset(kafka.readCommitted(s.topics().action())));
            Future<Map<String, Long>> qosReleases =
                    pool.submit(() -> multiset(kafka.readCommitted(s.topics().alertQosRelease())));
            Future<Map<String, String>> redis =
                    pool.submit(() -> RedisKeys.read(redisPort, s.redis().keyPrefix()));
            Future<Map<String, String>> apmEntities =
                    pool.submit(() -> es.digests(s.elasticsearch().apmIndex() + "_*"));
            Future<Map<String, Long>> apmChanges =
                    pool.submit(() -> multiset(kafka.readCommitted(s.topics().apmDiscover())));
            AlertStage stage = alertStage.get();
            return new RunOutcome(
                    events.get(),
                    alerts.get(),
                    alertLogs.get(),
                    stage.alertRecords(),
                    stage.monitorEvents(),
                    actions.get(),
                    actionRecords.get(),
                    stage.deadLetters(),
                    qosReleases.get(),
                    redis.get(),
                    apmEntities.get(),
                    apmChanges.get());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * What the alert stage committed to Kafka: read while a run goes on, to tell when its input has
     * passed that stage, without reading every index.
     */
    record AlertStage(
            Map<String, Long> alertRecords,
            Map<String, Long> monitorEvents,
            Map<String, Long> deadLetters) {
        static AlertStage of(KafkaTopics kafka, JobSettings s) throws Exception {
            return new AlertStage(
                    multiset(kafka.readCommitted(s.topics().alert())),
                    multiset(kafka.readCommitted(s.topics().monitorEvent())),
                    // a dead letter names its input topic, which runs fed in parts have of their
                    // own
                    multiset(
                            kafka.readCommitted(s.topics().deadLetter()).stream()
                                    .map(r -> withoutInputName(r, s.topics().ftaEvent()))
                                    .toList()));
        }
    }

    AlertStage alertStage() {
        return new AlertStage(alertRecords, monitorEvents, deadLetters);
    }

    private static KafkaTopics.Received withoutInputName(KafkaTopics.Received r, String input) {
        return new KafkaTopics.Received(
                r.key() == null ? null : r.key().replace(input, "{input}"),
                r.value().replace(input, "{input}"),
                r.partition(),
                r.offset());
    }

    /** Records as a multiset of key and value: what a reader sees, in any order. */
    static Map<String, Long> multiset(List<KafkaTopics.Received> records) {
        return records.stream()
                .collect(
                        Collectors.groupingBy(
                                r -> r.key() + "\u0000" + r.value(),
                                TreeMap::new,
                                Collectors.counting()));
    }

    String summary() {
        return String.format(
                "events=%d alerts=%d alert logs=%d bkm_alert records=%d bkm_monitor_event"
                        + " records=%d actions=%d bkm_action records=%d dead letters=%d"
                        + " QoS releases=%d redis keys=%d APM entities=%d bkm_apm_discover"
                        + " records=%d",
                events.size(),
                alerts.size(),
                alertLogs.size(),
                count(alertRecords),
                count(monitorEvents),
                actions.size(),
                count(actionRecords),
                count(deadLetters),
                count(qosReleases),
                redis.size(),
                apmEntities.size(),
                count(apmChanges));
    }

    static long count(Map<String, Long> multiset) {
        return multiset.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Output by output, so that a failure names the output that differs. */
    void assertSameAs(RunOutcome clean) {
        assertThat(events).as("bkfta_event documents").isEqualTo(clean.events);
        assertThat(alerts).as("bkfta_alert documents").isEqualTo(clean.alerts);
        assertThat(alertLogs).as("bkfta_log_alert documents").isEqualTo(clean.alertLogs);
        assertThat(alertRecords).as("committed bkm_alert records").isEqualTo(clean.alertRecords);
        assertThat(monitorEvents)
                .as("committed bkm_monitor_event records")
                .isEqualTo(clean.monitorEvents);
        assertThat(actions).as("bkfta_action documents").isEqualTo(clean.actions);
        assertThat(actionRecords).as("committed bkm_action records").isEqualTo(clean.actionRecords);
        assertThat(deadLetters)
                .as("committed bkm_dead_letter records")
                .isEqualTo(clean.deadLetters);
        assertThat(qosReleases)
                .as("committed alert QoS release records")
                .isEqualTo(clean.qosReleases);
        assertThat(redis).as("redis keys").isEqualTo(clean.redis);
        assertThat(apmEntities).as("bkm_apm_* documents").isEqualTo(clean.apmEntities);
        assertThat(apmChanges).as("committed bkm_apm_discover records").isEqualTo(clean.apmChanges);
    }
}
