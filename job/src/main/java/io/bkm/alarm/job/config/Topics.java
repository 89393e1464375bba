package io.bkm.alarm.job.config;

import java.util.List;

/**
 * The job's Kafka topics ({@code topics.*}): what it reads, what it writes, and the partitions a
 * new one is created with. {@link #all()} is the one list that topic creation and the tests use.
 */
public record Topics(
        int partitions,
        String ftaEvent,
        String gseSystemEvent,
        String gseCustomEvent,
        String gseProcessEvent,
        String customEvent,
        String timeSeries,
        String config,
        String alertOps,
        String alertQosRelease,
        String alert,
        String monitorEvent,
        String action,
        String deadLetter,
        String apmSpan,
        String apmDiscover) {

    /** Every topic the job reads or writes. */
    public List<String> all() {
        return List.of(
                ftaEvent,
                gseSystemEvent,
                gseCustomEvent,
                gseProcessEvent,
                customEvent,
                timeSeries,
                config,
                alertOps,
                alertQosRelease,
                alert,
                monitorEvent,
                action,
                deadLetter,
                apmSpan,
                apmDiscover);
    }

    static Topics from(JobConfig c) {
        return new Topics(
                c.positiveInt("topics.partitions"),
                c.string("topics.fta-event"),
                c.string("topics.gse-system-event"),
                c.string("topics.gse-custom-event"),
                c.string("topics.gse-process-event"),
                c.string("topics.custom-event"),
                c.string("topics.timeseries"),
                c.string("topics.config"),
                c.string("topics.alert-ops"),
                c.string("topics.alert-qos-release"),
                c.string("topics.alert"),
                c.string("topics.monitor-event"),
                c.string("topics.action"),
                c.string("topics.dead-letter"),
                c.string("topics.apm-span"),
                c.string("topics.apm-discover"));
    }
}
