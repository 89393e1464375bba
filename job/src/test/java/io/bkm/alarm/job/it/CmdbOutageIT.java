package io.bkm.alarm.job.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.bkm.alarm.demo.GseAlarms;
import io.bkm.alarm.demo.SeedCmdb;
import io.bkm.alarm.job.config.JobSettings;
import io.bkm.localservices.LocalServices;
import io.bkm.localservices.TestServices;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;

/**
 * Redis (the CMDB cache) frozen for 20 s in the middle of a run: lookups wait and retry, the job
 * keeps running, and once Redis answers again every record resolves — none lost, none wrongly
 * dropped as an unknown host, none dead-lettered.
 */
class CmdbOutageIT {
    private static final int HOSTS = 2_000;

    @Test
    void aFrozenCmdbCacheDelaysRecordsButLosesNone() throws Exception {
        LocalServices svc = TestServices.get();
        KafkaTopics kafka = new KafkaTopics(svc.kafkaBootstrap());
        String run = "cmdb_outage";
        JobSettings s =
                JobRuns.settings(
                        svc,
                        run,
                        run + "_in_fta",
                        "--cmdb.retry-for-ms",
                        "120000",
                        "--cmdb.async-timeout-ms",
                        "180000");
        List<SeedCmdb.Host> hosts = JobRuns.seedHosts(svc, run, HOSTS);
        kafka.create(s.topics().gseSystemEvent(), 2);
        long nowMs = System.currentTimeMillis();
        List<KafkaTopics.Message> alarms = new ArrayList<>();
        for (SeedCmdb.Host h : hosts) {
            alarms.add(
                    KafkaTopics.Message.of(
                            h.ip(), GseAlarms.diskFull(nowMs / 1000 - 60, h.ip(), "/data"), nowMs));
        }
        kafka.produce(s.topics().gseSystemEvent(), alarms);

        // ~10 ms a record, so the outage falls in the middle of the run
        JobClient job =
                JobRuns.startWith(
                        s,
                        in ->
                                in.mapGseSystemEvents(
                                        x ->
                                                x.map(
                                                                new InjectedFailure(
                                                                        Integer.MAX_VALUE, 10_000))
                                                        .uid("it-throttle")
                                                        .name("throttle")),
                        UnaryOperator.identity(),
                        null);
        // ask now: a per-job MiniCluster shuts down as soon as the job is done
        var result = job.getJobExecutionResult();
        Thread.sleep(4_000);
        svc.pauseRedis();
        System.out.println("[cmdb-outage] redis frozen");
        try {
            Thread.sleep(20_000);
            assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
        } finally {
            svc.resumeRedis();
            System.out.println("[cmdb-outage] redis answering again");
        }
        JobExecutionResult r = result.get(5, TimeUnit.MINUTES);
        long enriched = r.<Long>getAccumulatorResult("gse_enriched");
        long dropped = r.<Long>getAccumulatorResult("gse_dropped");
        long unavailable = r.<Long>getAccumulatorResult("gse_unavailable");
        System.out.printf(
                "[cmdb-outage] %d records: %d enriched, %d dropped, %d unavailable%n",
                HOSTS, enriched, dropped, unavailable);
        assertThat(enriched).isEqualTo(HOSTS);
        assertThat(dropped).isZero();
        assertThat(unavailable).isZero();
        assertThat(kafka.readCommitted(s.topics().deadLetter())).isEmpty();
    }
}
