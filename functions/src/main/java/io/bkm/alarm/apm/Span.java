package io.bkm.alarm.apm;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * A trace span as bk-collector reports it (spec §1.1): times in microseconds, {@code resource} and
 * {@code attributes} flat with dotted OTel keys.
 */
public class Span {
    public static final int KIND_SERVER = 2;
    public static final int KIND_CLIENT = 3;
    public static final int KIND_PRODUCER = 4;
    public static final int KIND_CONSUMER = 5;

    public String traceId;
    public String spanId;
    public String parentSpanId;
    public String spanName;
    public int kind;
    public long startTime;
    public long elapsedTime;
    public SpanField[] resource = new SpanField[0];
    public SpanField[] attributes = new SpanField[0];

    public Span() {}

    /**
     * The field a rule path names: {@code attributes.http.method} is the key {@code http.method} of
     * {@code attributes}; a path without a dot is a top-level field. Null when absent.
     */
    public SpanField field(String path) {
        int dot = path.indexOf('.');
        if (dot < 0) {
            return topLevel(path);
        }
        SpanField[] fields;
        if (dot == 10 && path.startsWith("attributes")) {
            fields = attributes;
        } else if (dot == 8 && path.startsWith("resource")) {
            fields = resource;
        } else {
            return null;
        }
        // compared in place: this runs for every rule path of every span
        int keyLength = path.length() - dot - 1;
        for (SpanField f : fields) {
            if (f.key.length() == keyLength && path.regionMatches(dot + 1, f.key, 0, keyLength)) {
                return f;
            }
        }
        return null;
    }

    /** The text at {@code path}, or null when it is absent or JSON null. */
    public String text(String path) {
        SpanField f = field(path);
        return f == null ? null : f.text;
    }

    /** Whether every comma-separated path of {@code predicate} is present (truthy). */
    public boolean present(String predicate) {
        if (predicate == null || predicate.isEmpty()) {
            return false;
        }
        if (predicate.indexOf(',') < 0) {
            SpanField f = field(predicate.trim());
            return f != null && f.truthy;
        }
        for (String path : predicate.split(",")) {
            SpanField f = field(path.trim());
            if (f == null || !f.truthy) {
                return false;
            }
        }
        return true;
    }

    /**
     * Keeps only the fields that {@code rules} or the discovery read (the rest none reads), so the
     * span costs less to send and hold, and spans that show the same look the same.
     */
    public void keepOnly(DiscoverRules rules) {
        resource = keep(resource, rules.resourceKeys());
        attributes = keep(attributes, rules.attributeKeys());
    }

    private static SpanField[] keep(SpanField[] fields, Set<String> keys) {
        int n = 0;
        SpanField[] kept = new SpanField[fields.length];
        for (SpanField f : fields) {
            if (keys.contains(f.key)) {
                kept[n++] = f;
            }
        }
        return n == fields.length ? fields : Arrays.copyOf(kept, n);
    }

    /**
     * What the discovery sees of the span besides its ids and times: its name, kind and fields.
     * Spans of one application and second that look the same show the same.
     */
    public Object look() {
        return new Look(spanName, kind, List.of(resource), List.of(attributes));
    }

    private record Look(
            String spanName, int kind, List<SpanField> resource, List<SpanField> attributes) {}

    public boolean isKind(int... kinds) {
        return kindIn(kind, kinds);
    }

    static boolean kindIn(int kind, int... kinds) {
        for (int k : kinds) {
            if (kind == k) {
                return true;
            }
        }
        return false;
    }

    private SpanField topLevel(String name) {
        String v =
                switch (name) {
                    case "span_name" -> spanName;
                    case "trace_id" -> traceId;
                    case "span_id" -> spanId;
                    case "parent_span_id" -> parentSpanId;
                    case "kind" -> Integer.toString(kind);
                    default -> null;
                };
        if (v == null) {
            return null;
        }
        boolean truthy = name.equals("kind") ? kind != 0 : !v.isEmpty();
        return new SpanField(name, v, truthy);
    }
}
