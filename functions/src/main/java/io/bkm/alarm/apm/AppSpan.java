package io.bkm.alarm.apm;

/** A span bound to its application, with the time of its batch (epoch seconds). */
public class AppSpan {
    public ApmApp app;
    public long seenAt;
    public Span span;

    public AppSpan() {}

    public AppSpan(ApmApp app, long seenAt, Span span) {
        this.app = app;
        this.seenAt = seenAt;
        this.span = span;
    }

    /** One trace of one application. */
    public String traceKey() {
        return app.dataId + ":" + span.traceId;
    }
}
