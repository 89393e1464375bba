package io.bkm.alarm.apm;

import io.bkm.alarm.model.RawMessage;

/**
 * One bk-collector trace batch from {@code bkm_apm_span}: {@code {data_id, time, items}}, its spans
 * read, and those that could not be (each a dead letter of its own).
 */
public class SpanBatch {
    public long dataId;

    /** Epoch seconds the collector received the batch. */
    public long time;

    public Span[] spans = new Span[0];
    public RejectedSpan[] rejected = new RejectedSpan[0];

    /** The record it was read from: a batch that cannot be bound is a dead letter as it came. */
    public RawMessage raw;

    public SpanBatch() {}

    /** A span of the batch that is no span, with the reason and its JSON. */
    public static class RejectedSpan {
        public String reason;
        public String detail;
        public String json;

        public RejectedSpan() {}

        public RejectedSpan(String reason, String detail, String json) {
            this.reason = reason;
            this.detail = detail;
            this.json = json;
        }
    }
}
