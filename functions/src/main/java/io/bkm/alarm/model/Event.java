package io.bkm.alarm.model;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

/**
 * bk-monitor's Event (behaviour spec §2.1) after cleaning. Field names follow the documents in
 * snake case. Identifiers that may arrive as numbers or strings ({@code bk_biz_id}, ...) are held
 * as strings: the fingerprint hashes both alike, and they are written back as numbers when they are
 * numeric.
 */
public class Event extends EnrichableRecord {
    public String id;
    public String eventId;
    public String pluginId;
    public Long strategyId;
    public String alertName;
    public String description;
    public Integer severity;
    public String dataType;
    public Tag[] tags;
    public String targetType;
    public String target;
    public String[] assignee;
    public String status;
    public String[] metric;
    public String category;
    public String[] dedupeKeys;
    public String dedupeMd5;
    public Long time;
    public Long anomalyTime;
    public Long bkIngestTime;
    public Long bkCleanTime;
    public Long createTime;

    @JsonSerialize(using = NumericStringSerializer.class)
    public String bkBizId;

    public String ip;

    @JsonSerialize(using = NumericStringSerializer.class)
    public String bkCloudId;

    public String bkServiceInstanceId;

    @JsonSerialize(using = NumericStringSerializer.class)
    public String bkHostId;

    public String ipv6;
    public String[] bkTopoNode;

    /** Free-form JSON object, kept as text so state stays a plain POJO. */
    @JsonRawValue public String extraInfo;

    public String bkTenantId;

    public Event() {}

    @Override
    public long receivedAtSeconds() {
        return createTime == null ? 0 : createTime;
    }

    /** {@code strategy_id} as Python truthiness sees it. */
    public boolean hasStrategy() {
        return strategyId != null && strategyId != 0L;
    }

    public Tag tag(String key) {
        if (tags == null) {
            return null;
        }
        for (Tag t : tags) {
            if (key.equals(t.key)) {
                return t;
            }
        }
        return null;
    }
}
