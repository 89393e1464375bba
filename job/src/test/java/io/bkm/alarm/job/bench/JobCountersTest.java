package io.bkm.alarm.job.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JobCountersTest {
    @Test
    void theJobsCountersAreOursFlinksAndKafkasAreNot() {
        assertThat(JobCounters.ours("0.notice_convergence.convergence.late")).isTrue();
        assertThat(JobCounters.ours("1.alerts_to_Kafka__Writer.documents_written")).isTrue();
        assertThat(JobCounters.ours("0.dead_letters_to_Kafka__Writer.KafkaProducer.count"))
                .isFalse();
        assertThat(JobCounters.ours("0.Source__kafka.KafkaSourceReader.KafkaConsumer.count"))
                .isFalse();
        assertThat(JobCounters.ours("0.numRecordsIn")).isFalse();
        assertThat(JobCounters.ours("0.Source__kafka.records-lag-max")).isFalse();
    }
}
