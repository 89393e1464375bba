package io.bkm.alarm.gse;

import io.bkm.alarm.common.ParseResult;
import io.bkm.alarm.model.GseRecord;

/** What every GSE record starts with, and the age past which bk-monitor drops it. */
final class GseRecords {
    private GseRecords() {}

    /** A record of one type with its times; the caller fills in the host and dimensions. */
    static GseRecord of(int type, long time, long receivedAt) {
        GseRecord r = new GseRecord();
        r.type = type;
        r.metricId = GseTypes.METRIC_IDS.get(type);
        r.time = time;
        r.receivedAt = receivedAt;
        return r;
    }

    /** Kept, or counted as expired (ExpireFilter). */
    static void keepIfFresh(
            GseRecord r, GseEventParser.Settings settings, ParseResult<GseRecord> result) {
        if (r.receivedAt - r.time > settings.expireSeconds()) {
            result.drop(ParseResult.EXPIRED);
        } else {
            result.add(r);
        }
    }

    static String agentVersion(String agentId) {
        return agentId != null && agentId.contains(":") ? "v1" : "v2";
    }
}
