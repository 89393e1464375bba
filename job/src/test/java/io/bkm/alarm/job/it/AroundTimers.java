package io.bkm.alarm.job.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bkm.alarm.job.Outputs;
import io.bkm.alarm.job.config.JobSettings;
import io.bkm.alarm.model.Action;
import io.bkm.alarm.model.AlertChange;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Two failures of the running job around the outputs of its timers: one in the write of the first
 * document a timer made, before it is written; one in the checkpoint after a second one was
 * written, before the checkpoint keeps it. Each time the job restarts from its last checkpoint,
 * where the timer has not fired yet, and fires it again. The timelines that use it then assert what
 * a clean run leaves, and that no committed record came twice.
 */
final class AroundTimers {
    private AroundTimers() {}

    /**
     * Fails the Elasticsearch alert writer around the versions {@code write} and {@code flush}
     * pick.
     */
    static UnaryOperator<Outputs> alerts(
            FailingSink.Pick<AlertChange> write, FailingSink.Pick<AlertChange> flush) {
        arm();
        return o ->
                o.withAlertWriters(
                        FailingSink.around("alert writer", o.alertIndex(), write, flush),
                        o.alertSnapshots());
    }

    /**
     * Fails the Elasticsearch action writer around the notices {@code write} and {@code flush}
     * pick.
     */
    static UnaryOperator<Outputs> actions(
            FailingSink.Pick<Action> write, FailingSink.Pick<Action> flush) {
        arm();
        return o ->
                o.withActionIndex(
                        FailingSink.around("notice writer", o.actionIndex(), write, flush));
    }

    private static void arm() {
        FailingSink.WRITE_FAILURES_LEFT.set(1);
        FailingSink.FLUSH_FAILURES_LEFT.set(1);
        InjectedFailures.clear();
    }

    /**
     * Both failures happened, and every committed alert version and notice came once: a version is
     * its alert's id and number, a notice its action id.
     */
    static void assertBothFailedAndEachOutputOnce(KafkaTopics kafka, JobSettings s)
            throws Exception {
        assertThat(InjectedFailures.all()).as("failures injected around timers").hasSize(2);
        List<String> versions = new ArrayList<>();
        for (KafkaTopics.Received r : kafka.readCommitted(s.topics().alert())) {
            JsonNode a = r.json();
            versions.add(a.path("id").asText() + "#" + a.path("version").asLong());
        }
        assertThat(versions).isNotEmpty().doesNotHaveDuplicates();
        List<String> notices = new ArrayList<>();
        for (KafkaTopics.Received r : kafka.readCommitted(s.topics().action())) {
            notices.add(r.json().path("id").asText());
        }
        assertThat(notices).doesNotHaveDuplicates();
    }
}
