package io.bkm.alarm.apm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Topology edges (spec §3.6) and remote-service callers (spec §3.7) from spans. */
public final class RelationDiscovery {
    /** What the topology knows of a node: {kind, category}, or null when it has no such node. */
    @FunctionalInterface
    public interface Nodes {
        String[] kindAndCategory(String topoKey);
    }

    /** A topology without nodes: every target reads as an HTTP service. */
    public static final Nodes NO_NODES = key -> null;

    private RelationDiscovery() {}

    /** {@code sync} for client and server spans, {@code async} for producers and consumers. */
    static String kind(Span s) {
        return kind(s.kind);
    }

    private static String kind(int spanKind) {
        return Span.kindIn(spanKind, Span.KIND_PRODUCER, Span.KIND_CONSUMER)
                ? TopoRelation.ASYNC
                : TopoRelation.SYNC;
    }

    private static boolean isRelationKind(Span s) {
        return s.isKind(Span.KIND_SERVER, Span.KIND_CLIENT, Span.KIND_PRODUCER, Span.KIND_CONSUMER);
    }

    /** The stored node's kind and category, service and http when there is none. */
    private static String[] target(Nodes nodes, String key) {
        String[] known = nodes.kindAndCategory(key);
        return known == null ? new String[] {DiscoverRule.SERVICE, "http"} : known;
    }

    /**
     * The edge one span shows by itself: to its peer service (categorised as its key says, where
     * bk-monitor always says http), or else between its service and the component it matches,
     * reversed for server and consumer spans.
     */
    public static List<TopoRelation> single(Span span, DiscoverRules rules, Nodes nodes) {
        List<TopoRelation> out = new ArrayList<>(1);
        String service = TopoKeys.service(span);
        if (!isRelationKind(span) || service.isEmpty()) {
            return out;
        }
        String kind = kind(span);
        String peer = TopoKeys.peerService(span);
        if (peer != null) {
            String kindKey = TopoKeys.categoryKind(span)[0];
            if (!kindKey.isEmpty()) {
                String prefix = kindKey.split("\\.", 2)[0];
                out.add(
                        new TopoRelation(
                                service,
                                TopoKeys.remoteService(prefix, peer),
                                kind,
                                TopoNode.REMOTE_SERVICE,
                                prefix));
            }
            return out;
        }
        DiscoverRule component = rules.component(span);
        if (component == null) {
            return out;
        }
        String middleware = TopoKeys.componentNode(span, component);
        if (span.isKind(Span.KIND_CLIENT, Span.KIND_PRODUCER)) {
            out.add(
                    new TopoRelation(
                            service,
                            middleware,
                            kind,
                            DiscoverRule.COMPONENT,
                            component.categoryId));
        } else {
            String[] to = target(nodes, service);
            out.add(new TopoRelation(middleware, service, kind, to[0], to[1]));
        }
        return out;
    }

    /**
     * The edges from a client or producer span to the server or consumer spans whose parent it is,
     * among {@code spans} (one trace's, as far as they are known). A producer that matches a
     * component goes through that middleware to its consumers.
     */
    public static List<TopoRelation> pairs(List<Span> spans, DiscoverRules rules, Nodes nodes) {
        return pairs(TraceSpan.of(spans, rules), nodes);
    }

    /** The caller/callee edges of a trace's spans as the trace holds them. */
    public static List<TopoRelation> pairs(List<TraceSpan> spans, Nodes nodes) {
        Map<String, TraceSpan> callers = new HashMap<>();
        for (TraceSpan s : spans) {
            if (s.isKind(Span.KIND_CLIENT, Span.KIND_PRODUCER)) {
                callers.put(s.spanId, s);
            }
        }
        Map<String, List<TraceSpan>> callees = new HashMap<>();
        for (TraceSpan s : spans) {
            if (s.isKind(Span.KIND_SERVER, Span.KIND_CONSUMER)
                    && callers.containsKey(s.parentSpanId)) {
                callees.computeIfAbsent(s.parentSpanId, k -> new ArrayList<>()).add(s);
            }
        }
        List<TopoRelation> out = new ArrayList<>();
        for (TraceSpan caller : spans) {
            List<TraceSpan> children = callees.get(caller.spanId);
            if (children == null || !callers.containsKey(caller.spanId)) {
                continue;
            }
            String from = caller.service;
            String kind = kind(caller.kind);
            if (caller.viaNode == null) {
                for (TraceSpan child : children) {
                    if (child.categoryId != null) {
                        out.add(
                                new TopoRelation(
                                        from, child.node, kind, child.topoKind, child.categoryId));
                    }
                }
                continue;
            }
            String middleware = caller.viaNode;
            out.add(
                    new TopoRelation(
                            from,
                            middleware,
                            TopoRelation.ASYNC,
                            DiscoverRule.COMPONENT,
                            caller.viaCategoryId));
            for (TraceSpan consumer : children) {
                if (consumer.categoryId == null) {
                    continue;
                }
                if (consumer.node.equals(middleware)) {
                    String[] t = target(nodes, consumer.service);
                    out.add(
                            new TopoRelation(
                                    middleware, consumer.service, TopoRelation.ASYNC, t[0], t[1]));
                } else {
                    out.add(
                            new TopoRelation(
                                    middleware,
                                    consumer.node,
                                    TopoRelation.ASYNC,
                                    consumer.topoKind,
                                    consumer.categoryId));
                }
            }
        }
        return out;
    }

    /**
     * Which endpoint calls each remote service: a span naming a peer service, whose parent among
     * {@code spans} names none, links the peer to the parent's endpoint and category.
     */
    public static List<RemoteServiceRelation> remoteCallers(List<Span> spans, DiscoverRules rules) {
        return remoteCallers(TraceSpan.of(spans, rules));
    }

    /** The remote callers of a trace's spans as the trace holds them. */
    public static List<RemoteServiceRelation> remoteCallers(List<TraceSpan> spans) {
        Map<String, TraceSpan> byId = new HashMap<>();
        for (TraceSpan s : spans) {
            byId.put(s.spanId, s);
        }
        List<RemoteServiceRelation> out = new ArrayList<>();
        for (TraceSpan s : spans) {
            TraceSpan parent = byId.get(s.parentSpanId);
            if (s.peerService == null || parent == null || parent.peerService != null) {
                continue;
            }
            if (s.categoryId == null || parent.categoryId == null) {
                continue;
            }
            out.add(
                    new RemoteServiceRelation(
                            TopoKeys.remoteService(s.categoryId, s.peerService),
                            parent.endpointName,
                            parent.categoryId));
        }
        return out;
    }
}
