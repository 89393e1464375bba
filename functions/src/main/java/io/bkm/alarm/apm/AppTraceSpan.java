package io.bkm.alarm.apm;

import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * A span as its trace needs it, with what the trace's sightings need of its application and the
 * time of its batch (epoch seconds). Only on the stream ({@link AppTraceSpanSerializer}).
 */
@TypeInfo(AppTraceSpanSerializer.Factory.class)
public class AppTraceSpan {
    /** One trace of one application: {@code {data_id}:{trace_id}}. */
    public String traceKey;

    public String bkBizId;
    public String appName;
    public long retentionSeconds;
    public long seenAt;
    public TraceSpan span;

    public AppTraceSpan() {}

    public AppTraceSpan(AppSpan in, TraceSpan span) {
        this.traceKey = in.traceKey();
        this.bkBizId = in.app.bkBizId;
        this.appName = in.app.appName;
        this.retentionSeconds = in.app.retentionSeconds();
        this.seenAt = in.seenAt;
        this.span = span;
    }
}
