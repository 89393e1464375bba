package io.bkm.alarm.job.config;

import io.bkm.alarm.gse.GseEventParser;
import io.bkm.alarm.sinks.es.ElasticsearchSettings;
import io.bkm.alarm.sinks.redis.RedisSettings;

/**
 * Every setting the job uses, one record per section of {@code conf/job.yaml}, read and validated
 * at once so that start-up fails on the first bad value and never halfway through building the
 * graph.
 */
public record JobSettings(
        JobSection job,
        KafkaSettings kafka,
        Topics topics,
        ElasticsearchSettings elasticsearch,
        RedisSettings redis,
        InputSettings input,
        NoticeSettings notice,
        TriggerSettings trigger,
        DetectSettings detect,
        AlertSettings alert,
        CmdbSettings cmdb,
        ApmSettings apm,
        GseEventParser.Settings gse) {

    public static JobSettings from(JobConfig c) {
        return new JobSettings(
                JobSection.from(c),
                KafkaSettings.from(c),
                Topics.from(c),
                StoreSettings.elasticsearch(c),
                StoreSettings.redis(c),
                InputSettings.from(c),
                NoticeSettings.from(c),
                TriggerSettings.from(c),
                DetectSettings.from(c),
                AlertSettings.from(c),
                CmdbSettings.from(c),
                ApmSettings.from(c),
                new GseEventParser.Settings(
                        c.bool("gse.enable-agent-alarm"),
                        c.bool("gse.enable-ping-alarm"),
                        c.positiveLong("gse.expire-seconds")));
    }
}
