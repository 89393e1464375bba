package io.bkm.alarm.job.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.bkm.alarm.job.bench.BenchElasticsearch;
import io.bkm.alarm.job.bench.BenchKafka;
import io.bkm.alarm.job.bench.LatencyProbes;
import io.bkm.alarm.job.config.JobSettings;
import io.bkm.localservices.LocalServices;
import io.bkm.localservices.TestServices;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Time to page on a running job with the shipped convergence (120 s windows): a new alert's first
 * notice is not held for its window. It reaches {@code bkm_action} (read_committed) within the
 * checkpoint interval the test sets, plus the wait for the notice order (the end of the notice's
 * second, the order bound and the quiet spell after which the watermark follows the clock), plus a
 * margin for the pipeline and the checkpoint itself.
 */
class TimeToPageIT {
    static final long INTERVAL_MS = 2_000;
    static final long MARGIN_MS = 2_500;

    @Test
    void aNewAlertsFirstNoticeIsVisibleWithinTheCheckpointIntervalAndAMargin() throws Exception {
        LocalServices svc = TestServices.get();
        String run = "page";
        JobSettings s =
                JobRuns.runningSettings(
                        svc,
                        run,
                        "--checkpoint.interval-ms",
                        Long.toString(INTERVAL_MS),
                        "--checkpoint.min-pause-ms",
                        "500");
        long orderMs = s.notice().orderMs();
        assertThat(s.notice().convergence().windowSeconds()).as("convergence on").isPositive();
        long bound = INTERVAL_MS + 1_000 + 3 * orderMs + MARGIN_MS;
        assertThat(bound).as("a bound no window release can meet").isLessThan(releaseWaitMs(s));
        BenchKafka kafka = new BenchKafka(svc.kafkaBootstrap());
        BenchElasticsearch es = new BenchElasticsearch(svc.elasticsearchUrl());
        String alerts = s.elasticsearch().alertIndex() + "_*";
        JobRuns.whileRunning(
                s,
                () -> {
                    warmUp(s, run, alerts, es, kafka);
                    try (LatencyProbes probes = probes(run + "-probe-", s, alerts, es, kafka)) {
                        for (int i = 0; i < 6; i++) {
                            probes.send();
                            Thread.sleep(1_300);
                        }
                        assertThat(probes.awaitAll(Duration.ofSeconds(60))).isTrue();
                        List<Long> toNotice = probes.toNotice();
                        System.out.printf(
                                "[page] event → first notice (ms): %s; bound %d ms%n",
                                toNotice, bound);
                        assertThat(toNotice).hasSize(6).allMatch(ms -> ms <= bound);
                    }
                });
    }

    /**
     * Returns once the job is up, has read its configuration, completed a checkpoint and decides
     * notices on the watermark of all its inputs. After a start, inputs that have read nothing hold
     * that watermark for their patience, and a notice can go sooner only by its window's release,
     * never sooner than the window's wait after it arrived: a warm-up noticed within that wait was
     * decided on the watermark. One sent before the patience ended and released by its window would
     * let the probes meet the start's patience.
     */
    private static void warmUp(
            JobSettings s, String run, String alerts, BenchElasticsearch es, BenchKafka kafka)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        try (LatencyProbes warmUp = probes(run + "-warm-", s, alerts, es, kafka)) {
            while (!decidedOnTheWatermark(warmUp.toNotice(), s)) {
                assertThat(System.nanoTime() - deadline).as("warm-up patience").isNegative();
                warmUp.send();
                Thread.sleep(1_000);
            }
            assertThat(warmUp.awaitAll(Duration.ofSeconds(120))).isTrue();
        }
    }

    /** Probes of the run's third-party topic, watched on its alert index and action topic. */
    private static LatencyProbes probes(
            String prefix, JobSettings s, String alerts, BenchElasticsearch es, BenchKafka kafka) {
        return new LatencyProbes(
                prefix, s.topics().ftaEvent(), alerts, s.topics().action(), es, kafka);
    }

    private static boolean decidedOnTheWatermark(List<Long> toNotice, JobSettings s) {
        return !toNotice.isEmpty() && toNotice.get(0) < releaseWaitMs(s);
    }

    /** The soonest a window's release sends a notice after it arrived. */
    private static long releaseWaitMs(JobSettings s) {
        return s.notice().convergence().waitSeconds() * 1000;
    }
}
