package io.bkm.alarm.apm;

import org.apache.flink.util.Collector;

/**
 * A service seen on an IP by a trace batch of an application, to be placed in the CMDB: one per
 * distinct service and IP of a batch, however many of its spans show them.
 */
public class HostProbe {
    public long dataId;
    public String bkBizId;
    public String appName;
    public long seenAt;
    public long retentionSeconds;
    public String service;
    public String ip;

    /** Filled in by the lookup; null until then. */
    public HostInstance host;

    /** Whether the CMDB could not be asked. */
    public boolean unavailable;

    public HostProbe() {}

    HostProbe(ApmApp app, long seenAt, String service, String ip) {
        this.dataId = app.dataId;
        this.bkBizId = app.bkBizId;
        this.appName = app.appName;
        this.seenAt = seenAt;
        this.retentionSeconds = app.retentionSeconds();
        this.service = service;
        this.ip = ip;
    }

    /**
     * The host instance the lookup found, as a sighting of the application; none when the CMDB
     * could not be asked (the next batch of the service asks again).
     */
    public static void sightingOf(HostProbe p, Collector<Sighting> out) {
        if (!p.unavailable && p.host != null) {
            out.collect(p.sighting());
        }
    }

    /** The host instance it found, as a sighting of the application. */
    public Sighting sighting() {
        return SpanSightings.sighting(
                bkBizId,
                appName,
                retentionSeconds,
                seenAt,
                SpanSightings.HOST_INSTANCE,
                host.cacheKey(),
                host);
    }
}
