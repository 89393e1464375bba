package io.bkm.alarm.job.config;

import io.bkm.alarm.alert.AlertStateSettings;

/**
 * The alert lifecycle ({@code alert.*}).
 *
 * @param state the alert state's times, flap rule, shield time zone and held keys
 * @param qosThreshold the most new alerts per strategy in one QoS window before they are blocked
 */
public record AlertSettings(AlertStateSettings state, int qosThreshold, long qosWindowSeconds) {

    static AlertSettings from(JobConfig c) {
        return new AlertSettings(
                new AlertStateSettings(
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
