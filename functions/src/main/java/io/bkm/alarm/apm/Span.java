package io.bkm.alarm.apm;

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
        String container = path.substring(0, dot);
        String key = path.substring(dot + 1);
        SpanField[] fields =
                switch (container) {
                    case "attributes" -> attributes;
                    case "resource" -> resource;
                    default -> null;
                };
        if (fields == null) {
            return null;
        }
        for (SpanField f : fields) {
            if (f.key.equals(key)) {
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
        for (String path : predicate.split(",")) {
            SpanField f = field(path.trim());
            if (f == null || !f.truthy) {
                return false;
            }
        }
        return true;
    }

    public boolean isKind(int... kinds) {
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
