package io.bkm.alarm.job.config;

import io.bkm.alarm.common.Json;
import io.bkm.alarm.notice.NoticeConvergeFunction;
import io.bkm.alarm.strategy.Strategy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How notices are made, limited and converged ({@code notice.*}).
 *
 * @param defaultNotice the notice config of alerts without strategy, as JSON
 * @param actionQosLimit the most notices per strategy in one QoS window
 * @param orderMs how far out of their time order an input's records may come, and how long an input
 *     caught up with its data waits when quiet before its watermark follows the clock
 * @param inputPatienceMs how long an input that has read nothing, or is quiet after records it read
 *     late, holds the watermark that convergence decides notices on
 * @param heldAlerts how many alerts' notice states a subtask holds on the heap between checkpoints
 */
public record NoticeSettings(
        String defaultNotice,
        int actionQosLimit,
        long actionQosWindowSeconds,
        NoticeConvergeFunction.Settings convergence,
        long orderMs,
        long inputPatienceMs,
        int heldAlerts) {

    static NoticeSettings from(JobConfig c) {
        return new NoticeSettings(
                defaultNotice(c),
                c.nonNegativeInt("notice.action-qos-limit"),
                c.positiveLong("notice.action-qos-window-seconds"),
                new NoticeConvergeFunction.Settings(
                        c.nonNegativeInt("notice.converge-window-seconds"),
                        c.nonNegativeInt("notice.converge-wait-seconds"),
                        c.positiveInt("notice.converge-threshold")),
                c.positiveLong("notice.converge-order-ms"),
                c.positiveLong("notice.converge-input-patience-ms"),
                c.positiveInt("notice.held-alerts"));
    }

    /** Checked here, so a bad file stops start-up. */
    private static String defaultNotice(JobConfig c) {
        Path file = c.path("notice.default-file");
        try {
            String json = Files.readString(file);
            Json.MAPPER.readValue(json, Strategy.Notice.class);
            return json;
        } catch (IOException e) {
            throw new JobConfig.ConfigException(
                    "configuration key 'notice.default-file': " + e.getMessage());
        }
    }
}
