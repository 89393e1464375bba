package io.bkm.alarm.apm;

/**
 * A batch's spans bound to their application, with the batch's time (epoch seconds). Goes from the
 * binding to the span stage in one chain, so a batch's spans are sighted together and what each
 * trace needs of them goes on once per trace and batch.
 */
public class AppBatch {
    public ApmApp app;
    public long seenAt;
    public Span[] spans;

    public AppBatch() {}

    public AppBatch(ApmApp app, long seenAt, Span... spans) {
        this.app = app;
        this.seenAt = seenAt;
        this.spans = spans;
    }

    /** One trace of one application. */
    public String traceKey(String traceId) {
        return app.dataId + ":" + traceId;
    }
}
