package io.bkm.alarm.sql;

import io.bkm.alarm.job.config.JobConfig;

/** The SQL job's own settings, from the {@code sql} section of {@code conf/job.yaml}. */
public record SqlSettings(
        String jobName,
        String groupId,
        String transactionalIdPrefix,
        String convergedAlertTopic,
        String alertStormTopic,
        String statsIndex,
        long outOfOrdernessSeconds,
        long allowedLatenessSeconds,
        long idleTimeoutMs,
        long miniBatchMs,
        int stormThreshold,
        int stormQuietMinutes) {

    public static SqlSettings from(JobConfig c) {
        return new SqlSettings(
                c.string("sql.job-name"),
                c.string("sql.group-id"),
                c.string("sql.transactional-id-prefix"),
                c.string("sql.converged-alert-topic"),
                c.string("sql.alert-storm-topic"),
                c.string("sql.stats-index"),
                c.positiveLong("sql.out-of-orderness-seconds"),
                c.positiveLong("sql.allowed-lateness-seconds"),
                c.positiveLong("sql.idle-timeout-ms"),
                c.positiveLong("sql.mini-batch-ms"),
                c.positiveInt("sql.storm.threshold"),
                c.positiveInt("sql.storm.quiet-minutes"));
    }
}
