package io.bkm.alarm.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.bkm.alarm.job.config.JobConfig;
import io.bkm.alarm.job.config.JobSettings;
import io.bkm.alarm.sinks.es.ElasticsearchBulkSink;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class OutputsTest {
    @Test
    void historyWritersShareOneLaneAndTheWritersThatPageDoNot() {
        JobSettings s = JobSettings.from(JobConfig.load(Path.of("../conf/job.yaml")));
        Outputs o = Outputs.real(s);

        assertThat(((ElasticsearchBulkSink<?>) o.eventIndex()).lane())
                .isNotNull()
                .isEqualTo(((ElasticsearchBulkSink<?>) o.alertLogIndex()).lane())
                .isEqualTo(s.elasticsearch().historyLane());
        assertThat(((ElasticsearchBulkSink<?>) o.alertIndex()).lane()).isNull();
        assertThat(((ElasticsearchBulkSink<?>) o.actionIndex()).lane()).isNull();
    }
}
