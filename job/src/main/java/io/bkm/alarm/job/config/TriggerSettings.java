package io.bkm.alarm.job.config;

/**
 * The trigger ({@code trigger.*}).
 *
 * @param rateLimit the most anomalies per strategy and second that reach the trigger
 */
public record TriggerSettings(int rateLimit) {

    static TriggerSettings from(JobConfig c) {
        return new TriggerSettings(c.positiveInt("trigger.rate-limit"));
    }
}
