package io.bkm.alarm.apm;

import com.fasterxml.jackson.databind.JsonNode;
import io.bkm.alarm.common.InvalidInputException;
import io.bkm.alarm.common.JsonFields;
import io.bkm.alarm.common.ParseResult;
import io.bkm.alarm.common.Reasons;
import io.bkm.alarm.fingerprint.Fingerprint;
import io.bkm.alarm.model.RawMessage;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads a trace batch: a batch without its data id or items is a dead letter as a whole; a span
 * without its trace id, span id or kind, or not an object, is one of its own and the rest stay.
 */
public final class SpanBatchParser {
    private SpanBatchParser() {}

    /** The batch as the job's parse step takes it ({@code common/ParseFunction}). */
    public static ParseResult<SpanBatch> batches(JsonNode m, long receivedAt)
            throws InvalidInputException {
        return ParseResult.of(List.of(parse(m, receivedAt)));
    }

    /** Keeps the record a batch came from, for the dead letter it may become. */
    public static void keepSource(SpanBatch b, RawMessage raw) {
        b.raw = raw;
    }

    public static SpanBatch parse(JsonNode m, long receivedAt) throws InvalidInputException {
        JsonFields.requireObject(m, "a trace batch");
        SpanBatch b = new SpanBatch();
        JsonFields.required(m, "data_id");
        b.dataId = JsonFields.integer(m, "data_id");
        Long time = JsonFields.epoch(m, "time");
        b.time = time == null ? receivedAt : time;
        JsonNode items = JsonFields.required(m, "items");
        if (!items.isArray()) {
            throw new InvalidInputException(Reasons.WRONG_TYPE, "items must be a list of spans");
        }
        List<Span> spans = new ArrayList<>(items.size());
        List<SpanBatch.RejectedSpan> rejected = new ArrayList<>();
        for (JsonNode item : items) {
            try {
                spans.add(span(item));
            } catch (InvalidInputException e) {
                rejected.add(
                        new SpanBatch.RejectedSpan(e.reason(), e.getMessage(), item.toString()));
            }
        }
        b.spans = spans.toArray(new Span[0]);
        b.rejected = rejected.toArray(new SpanBatch.RejectedSpan[0]);
        return b;
    }

    static Span span(JsonNode n) throws InvalidInputException {
        JsonFields.requireObject(n, "a span");
        Span s = new Span();
        s.traceId = JsonFields.requiredStr(n, "trace_id");
        s.spanId = JsonFields.requiredStr(n, "span_id");
        String parent = JsonFields.str(n, "parent_span_id");
        s.parentSpanId = parent == null ? "" : parent;
        s.spanName = JsonFields.str(n, "span_name");
        JsonFields.required(n, "kind");
        s.kind = JsonFields.integer(n, "kind").intValue();
        Long start = JsonFields.integer(n, "start_time");
        s.startTime = start == null ? 0 : start;
        Long elapsed = JsonFields.integer(n, "elapsed_time");
        s.elapsedTime = elapsed == null ? 0 : elapsed;
        s.resource = fields(n, "resource");
        s.attributes = fields(n, "attributes");
        return s;
    }

    private static SpanField[] fields(JsonNode span, String name) throws InvalidInputException {
        JsonNode obj = JsonFields.get(span, name);
        if (obj == null) {
            return new SpanField[0];
        }
        JsonFields.requireObject(obj, name);
        SpanField[] out = new SpanField[obj.size()];
        int i = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out[i++] = field(e.getKey(), e.getValue());
        }
        return out;
    }

    /** The value as Python's {@code str()} shows it, and its truth as Python's {@code bool()}. */
    static SpanField field(String key, JsonNode v) {
        if (v.isNull()) {
            return new SpanField(key, null, false);
        }
        if (v.isContainerNode()) {
            return new SpanField(key, v.toString(), v.size() > 0);
        }
        Object scalar = JsonFields.scalar(v);
        boolean truthy =
                v.isTextual()
                        ? !v.textValue().isEmpty()
                        : v.isBoolean() ? v.booleanValue() : v.isNumber() && v.doubleValue() != 0;
        return new SpanField(key, Fingerprint.pythonStr(scalar), truthy);
    }
}
