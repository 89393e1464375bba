package io.bkm.alarm.job.config;

/**
 * Detection on time series and no-data checks ({@code detect.*}).
 *
 * @param outOfOrdernessMs how far behind the newest point a point may still come
 * @param quietMs how long without points before detection time follows the clock
 * @param noDataCheckDelaySeconds how long after a window ends its no-data check runs
 */
public record DetectSettings(long outOfOrdernessMs, long quietMs, long noDataCheckDelaySeconds) {

    static DetectSettings from(JobConfig c) {
        return new DetectSettings(
                c.nonNegativeInt("detect.out-of-orderness-ms"),
                c.positiveLong("detect.quiet-ms"),
                c.positiveLong("detect.no-data-check-delay-seconds"));
    }
}
