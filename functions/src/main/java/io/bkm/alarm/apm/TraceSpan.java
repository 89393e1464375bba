package io.bkm.alarm.apm;

import java.util.ArrayList;
import java.util.List;

/**
 * What a trace's root endpoint, caller/callee edges and remote callers need of one of its spans,
 * decided by the application's rules when the span comes: its ids, kind and times, its service, its
 * category's node, endpoint and ids, the component a producer goes through, and its peer service. A
 * trace holds these instead of its spans, which are many times their size.
 */
public class TraceSpan {
    public String spanId;
    public String parentSpanId;
    public int kind;
    public long startTime;
    public long elapsedTime;

    /** {@code service.name}, {@code ""} when missing. */
    public String service;

    /** The category rule's id, null when no category rule matches. */
    public String categoryId;

    public String topoKind;

    /** The node the span names as a callee: its service, or its component node. */
    public String node;

    /** Its endpoint's name under its category rule. */
    public String endpointName;

    /** A producer's component rule's id and node, null for others and without one. */
    public String viaCategoryId;

    public String viaNode;

    /** The peer service when present, else null. */
    public String peerService;

    public TraceSpan() {}

    /** {@code span} as its trace needs it under {@code rules}. */
    public static TraceSpan of(Span span, DiscoverRules rules) {
        TraceSpan t = new TraceSpan();
        t.spanId = span.spanId;
        t.parentSpanId = span.parentSpanId;
        t.kind = span.kind;
        t.startTime = span.startTime;
        t.elapsedTime = span.elapsedTime;
        t.service = TopoKeys.service(span);
        DiscoverRule rule = rules.category(span);
        if (rule != null) {
            t.categoryId = rule.categoryId;
            t.topoKind = rule.topoKind;
            t.node = rule.isComponent() ? TopoKeys.componentNode(span, rule) : t.service;
            t.endpointName = span.text(rule.endpointKey);
        }
        if (span.isKind(Span.KIND_PRODUCER)) {
            DiscoverRule via = rules.component(span);
            if (via != null) {
                t.viaCategoryId = via.categoryId;
                t.viaNode = TopoKeys.componentNode(span, via);
            }
        }
        t.peerService = TopoKeys.peerService(span);
        return t;
    }

    /** Each of {@code spans} as its trace needs it. */
    public static List<TraceSpan> of(List<Span> spans, DiscoverRules rules) {
        List<TraceSpan> out = new ArrayList<>(spans.size());
        for (Span s : spans) {
            out.add(of(s, rules));
        }
        return out;
    }

    public boolean isKind(int... kinds) {
        return Span.kindIn(kind, kinds);
    }
}
