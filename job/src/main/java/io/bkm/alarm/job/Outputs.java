package io.bkm.alarm.job;

import io.bkm.alarm.apm.DiscoveryChange;
import io.bkm.alarm.job.config.JobSettings;
import io.bkm.alarm.model.Action;
import io.bkm.alarm.model.AlertChange;
import io.bkm.alarm.model.AlertLog;
import io.bkm.alarm.model.AlertOp;
import io.bkm.alarm.model.DeadLetter;
import io.bkm.alarm.model.Event;
import io.bkm.alarm.sinks.es.DocumentWrites;
import io.bkm.alarm.sinks.es.ElasticsearchBulkSink;
import io.bkm.alarm.sinks.kafka.KafkaSinks;
import io.bkm.alarm.sinks.redis.RedisAlertSink;
import org.apache.flink.api.connector.sink2.Sink;

/** Where the job writes; {@link #real} for production, anything else for tests. */
public record Outputs(
        Sink<Event> eventIndex,
        Sink<AlertChange> alertIndex,
        Sink<AlertChange> alertTopic,
        Sink<AlertChange> alertSnapshots,
        Sink<AlertLog> alertLogIndex,
        Sink<Event> monitorEventTopic,
        Sink<Action> actionIndex,
        Sink<Action> actionTopic,
        Sink<AlertOp> alertQosReleaseTopic,
        Sink<DeadLetter> deadLetters,
        Sink<DiscoveryChange> apmIndex,
        Sink<DiscoveryChange> apmTopic) {

    public static Outputs real(JobSettings s) {
        var es = s.elasticsearch();
        return new Outputs(
                new ElasticsearchBulkSink<>(
                        "events",
                        es.connection(),
                        es.historyBatch(),
                        DocumentWrites.events(es.eventIndex()),
                        es.historyLane()),
                new ElasticsearchBulkSink<>(
                        "alerts",
                        es.connection(),
                        es.batch(),
                        DocumentWrites.alerts(es.alertIndex())),
                KafkaSinks.alerts(s.kafka().sink(), s.topics().alert()),
                new RedisAlertSink(s.redis()),
                new ElasticsearchBulkSink<>(
                        "alert-logs",
                        es.connection(),
                        es.historyBatch(),
                        DocumentWrites.alertLogs(es.logAlertIndex()),
                        es.historyLane()),
                KafkaSinks.monitorEvents(s.kafka().sink(), s.topics().monitorEvent()),
                new ElasticsearchBulkSink<>(
                        "actions",
                        es.connection(),
                        es.batch(),
                        DocumentWrites.actions(es.actionIndex())),
                KafkaSinks.actions(s.kafka().sink(), s.topics().action()),
                KafkaSinks.alertQosReleases(s.kafka().sink(), s.topics().alertQosRelease()),
                KafkaSinks.deadLetters(s.kafka().sink(), s.topics().deadLetter()),
                new ElasticsearchBulkSink<>(
                        "apm",
                        es.connection(),
                        es.batch(),
                        DocumentWrites.apmEntities(es.apmIndex())),
                KafkaSinks.apmDiscoveries(s.kafka().sink(), s.topics().apmDiscover()));
    }

    /** The same outputs with the alert writers to Elasticsearch and Redis replaced. */
    public Outputs withAlertWriters(Sink<AlertChange> index, Sink<AlertChange> snapshots) {
        return new Outputs(
                eventIndex,
                index,
                alertTopic,
                snapshots,
                alertLogIndex,
                monitorEventTopic,
                actionIndex,
                actionTopic,
                alertQosReleaseTopic,
                deadLetters,
                apmIndex,
                apmTopic);
    }

    /** The same outputs with the APM entity writer to Elasticsearch replaced. */
    public Outputs withApmIndex(Sink<DiscoveryChange> index) {
        return new Outputs(
                eventIndex,
                alertIndex,
                alertTopic,
                alertSnapshots,
                alertLogIndex,
                monitorEventTopic,
                actionIndex,
                actionTopic,
                alertQosReleaseTopic,
                deadLetters,
                index,
                apmTopic);
    }

    /** The same outputs with the action writer to Elasticsearch replaced. */
    public Outputs withActionIndex(Sink<Action> index) {
        return new Outputs(
                eventIndex,
                alertIndex,
                alertTopic,
                alertSnapshots,
                alertLogIndex,
                monitorEventTopic,
                index,
                actionTopic,
                alertQosReleaseTopic,
                deadLetters,
                apmIndex,
                apmTopic);
    }
}
