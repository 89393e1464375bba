package io.bkm.alarm.job.config;

import io.bkm.alarm.alert.AlertTimes;

/**
 * The alert lifecycle ({@code alert.*}).
 *
 * @param times how long alerts, their event ids and flapping are watched
 * @param qosThreshold the most new alerts per strategy in one QoS window before they are held
 */
public record AlertSettings(AlertTimes times, int qosThreshold, long qosWindowSeconds) {

    static AlertSettings from(JobConfig c) {
        return new AlertSettings(
                new AlertTimes(
                        c.positiveLong("alert.close-window-seconds"),
                        c.positiveLong("alert.retain-ended-seconds"),
                        c.positiveLong("alert.event-id-seconds"),
                        c.timeZone("alert.shield-time-zone"),
                        c.positiveInt("alert.held-keys"),
                        c.nonNegativeInt("alert.flap.count"),
                        c.positiveLong("alert.flap.window-seconds")),
                c.nonNegativeInt("alert.qos-threshold"),
                c.positiveLong("alert.qos-window-seconds"));
    }
}
