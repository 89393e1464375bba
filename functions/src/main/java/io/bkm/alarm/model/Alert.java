package io.bkm.alarm.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

/**
 * The alert document (contract §4, behaviour spec §3.1), also the keyed state of the alert
 * operator. Times are epoch seconds.
 */
public class Alert implements Cloneable {
    public String id;
    public Long seqId;
    public String bkTenantId;
    public String dedupeMd5;
    public Long strategyId;
    public String alertName;

    @JsonSerialize(using = NumericStringSerializer.class)
    public String bkBizId;

    public Integer severity;
    public String status;
    public Long createTime;
    public Long updateTime;
    public Long beginTime;
    public Long latestTime;
    public Long firstAnomalyTime;
    public Long endTime;
    public Long duration;
    public Long ackDuration;
    public Event event;
    public AlertDimension[] dimensions;
    public String[] labels;

    /** Events merged into this alert; not in bk-monitor, where the UI counts them by query. */
    public Long eventCount;

    public Boolean isBlocked;
    public Boolean isHandled;
    public Boolean isAck;
    public String ackOperator;
    public Boolean isShielded;
    public String[] shieldId;

    /** True while its fingerprint flaps, false once it stopped; absent if it never flapped. */
    public Boolean isFlapping;

    /** How long the longest shield holding the alert still lasts, seconds; 0 when unshielded. */
    public Long shieldLeftTime;

    public String[] assignee;
    public String nextStatus;
    public Long nextStatusTime;

    @JsonRawValue public String extraInfo;

    /** Grows with every change; consumers and the guarded writers keep the highest. */
    public Long version;

    /**
     * {@code extra_info.is_recovering}, kept as a field too: the recovery check reads it for every
     * event, and parsing extra_info for it would cost more than the check.
     */
    @JsonIgnore public boolean recovering;

    /** This version created the alert; what alert QoS counts. */
    @JsonIgnore public boolean created;

    /** How many alerts this fingerprint had before this one; part of the id sequence. */
    @JsonIgnore public int generation;

    /** Alert QoS's counter key once worked out; not state (transient), worked out again. */
    @JsonIgnore public transient String qosKey;

    public Alert() {}

    /** A shallow copy; the job replaces an alert's fields, never mutates what they hold. */
    public Alert copy() {
        try {
            return (Alert) super.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    @JsonIgnore
    public boolean hasStrategy() {
        return strategyId != null && strategyId != 0L;
    }

    @JsonIgnore
    public boolean isAbnormal() {
        return EventStatus.ABNORMAL.equals(status);
    }

    /** An alert of no-data detection: its events carry the no-data dimension (§5.4). */
    @JsonIgnore
    public boolean isNoData() {
        if (event != null && event.tags != null) {
            for (Tag t : event.tags) {
                if (NO_DATA_DIMENSION.equals(t.key)) {
                    return true;
                }
            }
        }
        return false;
    }

    public static final String NO_DATA_DIMENSION = "__NO_DATA_DIMENSION__";
}
