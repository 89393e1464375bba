package io.bkm.alarm.apm;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The endpoints and the root endpoint spans show (spec §3.1, §3.2). */
public final class EndpointDiscovery {
    private static final Comparator<TraceSpan> TRACE_ORDER =
            Comparator.<TraceSpan>comparingLong(s -> s.startTime)
                    .thenComparing(
                            Comparator.<TraceSpan>comparingLong(s -> s.elapsedTime).reversed());

    private EndpointDiscovery() {}

    /**
     * A server, client, producer or consumer span's endpoint, and its peer service's when it names
     * one. None for other kinds, and none without {@code service.name}: bk-monitor's insert of such
     * a row fails its whole batch.
     */
    public static List<Endpoint> endpoints(Span span, DiscoverRules rules) {
        List<Endpoint> out = new ArrayList<>(2);
        if (!span.isKind(
                Span.KIND_SERVER, Span.KIND_CLIENT, Span.KIND_PRODUCER, Span.KIND_CONSUMER)) {
            return out;
        }
        DiscoverRule rule = rules.category(span);
        String service = TopoKeys.service(span);
        if (rule == null || service.isEmpty()) {
            return out;
        }
        String name = span.text(rule.endpointKey);
        String[] kind = TopoKeys.categoryKind(span);
        out.add(new Endpoint(name, service, rule.categoryId, kind[0], kind[1], span.kind));
        String peer = TopoKeys.peerService(span);
        if (peer != null) {
            out.add(
                    new Endpoint(
                            name,
                            TopoKeys.remoteService(rule.categoryId, peer),
                            rule.categoryId,
                            kind[0],
                            kind[1],
                            span.kind));
        }
        return out;
    }

    /**
     * The root endpoint of a trace's spans: of its server and producer spans, the one that starts
     * first (the longest of those that start together). Null when it has none, or no rule or
     * service for it.
     */
    public static RootEndpoint root(List<Span> trace, DiscoverRules rules) {
        return root(TraceSpan.of(trace, rules));
    }

    /**
     * The root endpoint of a trace's spans as the trace holds them; as {@link #root(List,
     * DiscoverRules)}.
     */
    public static RootEndpoint root(List<TraceSpan> trace) {
        TraceSpan first =
                trace.stream()
                        .filter(s -> s.isKind(Span.KIND_SERVER, Span.KIND_PRODUCER))
                        .min(TRACE_ORDER)
                        .orElse(null);
        if (first == null || first.categoryId == null || first.service.isEmpty()) {
            return null;
        }
        return new RootEndpoint(first.endpointName, first.service, first.categoryId);
    }
}
