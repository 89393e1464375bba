package io.bkm.alarm.model;

import io.bkm.alarm.model.wire.AlertChangeSerializer;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One version of an alert as the stages after the alert state need it: the alert document, rendered
 * once for all its writers (Elasticsearch, Kafka, Redis), and the few fields that alert QoS and
 * notices decide on. Crossing the network as bytes and a handful of fields costs a fraction of the
 * whole {@link Alert} with its event.
 */
@TypeInfo(AlertChangeSerializer.Factory.class)
public class AlertChange {
    /** What notices tell of the alert; also its id, status, severity and strategy. */
    public AlertSummary alert;

    public long createTime;

    /** When this version was made: the alert's update time (its latest time before one). */
    public long updateTime;

    public long version;
    public long eventCount;

    /** This version created the alert: what alert QoS counts. */
    public boolean created;

    /** Written {@code is_blocked} by alert QoS: no notices. */
    public boolean blocked;

    public boolean recovering;
    public boolean noData;
    public boolean shielded;

    /** Its fingerprint flaps: no abnormal, recovered or closed notices for it. */
    public boolean flapping;

    /**
     * The notice this version calls for as the fingerprint starts or stops flapping: {@link
     * Action#FLAPPING} or {@link #FLAPPING_END}; null otherwise.
     */
    public String flapNotice;

    /** The fingerprint stopped flapping: a notice of the alert as it stands. */
    public static final String FLAPPING_END = "flapping_end";

    /** Alert QoS's counter key, computed once where the alert is. */
    public String qosKey;

    /** The alert document, UTF-8 JSON; null where only the fields above travel on. */
    public byte[] document;

    public AlertChange() {}

    public String id() {
        return alert.id;
    }

    public boolean isAbnormal() {
        return EventStatus.ABNORMAL.equals(alert.status);
    }

    public boolean hasStrategy() {
        return alert.strategyId != null && alert.strategyId != 0L;
    }

    /** The same change without its document, for stages that decide but do not write. */
    public AlertChange withoutDocument() {
        AlertChange c = new AlertChange();
        c.alert = alert;
        c.createTime = createTime;
        c.updateTime = updateTime;
        c.version = version;
        c.eventCount = eventCount;
        c.created = created;
        c.blocked = blocked;
        c.recovering = recovering;
        c.noData = noData;
        c.shielded = shielded;
        c.flapping = flapping;
        c.flapNotice = flapNotice;
        c.qosKey = qosKey;
        return c;
    }
}
