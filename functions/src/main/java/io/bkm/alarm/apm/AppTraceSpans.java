package io.bkm.alarm.apm;

import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * The spans of one trace in one batch as the trace needs them, with what the trace's sightings need
 * of its application and the batch's time (epoch seconds). Only on the stream ({@link
 * AppTraceSpansSerializer}).
 */
@TypeInfo(AppTraceSpansSerializer.Factory.class)
public class AppTraceSpans {
    /** One trace of one application: {@code {data_id}:{trace_id}}. */
    public String traceKey;

    public String bkBizId;
    public String appName;
    public long retentionSeconds;
    public long seenAt;
    public TraceSpan[] spans;

    public AppTraceSpans() {}

    public AppTraceSpans(AppBatch in, String traceKey, TraceSpan[] spans) {
        this.traceKey = traceKey;
        this.bkBizId = in.app.bkBizId;
        this.appName = in.app.appName;
        this.retentionSeconds = in.app.retentionSeconds();
        this.seenAt = in.seenAt;
        this.spans = spans;
    }
}
