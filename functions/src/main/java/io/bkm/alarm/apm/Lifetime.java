package io.bkm.alarm.apm;

import org.apache.flink.streaming.api.TimerService;

/**
 * A discovered entity's first and last written sighting (epoch seconds), and the event time its
 * expiry timer is due: what every discovery state keeps of an entity besides what it is.
 */
public class Lifetime {
    public long first;
    public long last;
    public long expiresAt;

    public Lifetime() {}

    /** Starts the lifetime at {@code seenAt}, its timer due {@code retention} seconds later. */
    void begin(long seenAt, long retentionSeconds, TimerService timers) {
        first = seenAt;
        last = seenAt;
        arm(retentionSeconds, timers);
    }

    /** Moves the last sighting on to {@code seenAt} (never back), and the timer with it. */
    void extend(long seenAt, long retentionSeconds, TimerService timers) {
        timers.deleteEventTimeTimer(expiresAt * 1000);
        last = Math.max(last, seenAt);
        arm(retentionSeconds, timers);
    }

    /** Whether {@code timestamp} is this lifetime's timer, not one it has moved on from. */
    boolean endsAt(long timestamp) {
        return expiresAt * 1000 == timestamp;
    }

    /** A change of the entity {@code type}/{@code key} of an application, in this lifetime. */
    DiscoveryChange change(
            String op, String type, String bkBizId, String appName, String key, String doc) {
        DiscoveryChange c = new DiscoveryChange();
        c.op = op;
        c.type = type;
        c.bkBizId = bkBizId;
        c.appName = appName;
        c.key = key;
        c.doc = doc;
        c.firstSeen = first;
        c.lastSeen = last;
        if (DiscoveryChange.EXPIRED.equals(op)) {
            c.reason = DiscoveryChange.RETENTION;
        }
        return c;
    }

    private void arm(long retentionSeconds, TimerService timers) {
        expiresAt = last + retentionSeconds;
        timers.registerEventTimeTimer(expiresAt * 1000);
    }
}
