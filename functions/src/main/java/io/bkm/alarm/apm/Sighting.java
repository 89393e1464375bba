package io.bkm.alarm.apm;

/**
 * An entity of one type and application as spans showed it at a time: what the heartbeat state is
 * fed. {@code key} is the identity as bk-monitor's heartbeat key writes it; {@code doc} the
 * identity's fields as JSON, written when the entity is created or touched.
 */
public class Sighting {
    public String type;
    public String bkBizId;
    public String appName;
    public String key;
    public String doc;

    /** Epoch seconds: the trace batch's time. */
    public long seenAt;

    /** The application's retention, in seconds. */
    public long retentionSeconds;

    public Sighting() {}

    /** What the heartbeat state is keyed by: one entity of one application. */
    public String stateKey() {
        return type + '\u0000' + bkBizId + '\u0000' + appName + '\u0000' + key;
    }
}
