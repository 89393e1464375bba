package io.bkm.alarm.job;

import io.bkm.alarm.job.config.JobSettings;
import io.bkm.alarm.model.Alert;
import io.bkm.alarm.model.DeadLetter;
import io.bkm.alarm.sinks.es.ElasticsearchSinks;
import io.bkm.alarm.sinks.kafka.KafkaSinks;
import org.apache.flink.api.connector.sink2.Sink;

/** Where the job writes; {@link #real} for production, anything else for tests. */
public record Outputs(
        Sink<Alert> alertIndex, Sink<Alert> alertTopic, Sink<DeadLetter> deadLetters) {

    public static Outputs real(JobSettings s) {
        return new Outputs(
                ElasticsearchSinks.alerts(s.elasticsearch(), s.alertIndex()),
                KafkaSinks.alerts(s.kafkaSink(), s.alertTopic()),
                KafkaSinks.deadLetters(s.kafkaSink(), s.deadLetterTopic()));
    }
}
