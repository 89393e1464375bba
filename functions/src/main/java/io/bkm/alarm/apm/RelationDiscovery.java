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
        return s.isKind(Span.KIND_PRODUCER, Span.KIND_CONSUMER)
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
        Map<String, Span> callers = new HashMap<>();
        for (Span s : spans) {
            if (s.isKind(Span.KIND_CLIENT, Span.KIND_PRODUCER)) {
                callers.put(s.spanId, s);
            }
        }
        Map<String, List<Span>> callees = new HashMap<>();
        for (Span s : spans) {
            if (s.isKind(Span.KIND_SERVER, Span.KIND_CONSUMER)
                    && callers.containsKey(s.parentSpanId)) {
                callees.computeIfAbsent(s.parentSpanId, k -> new ArrayList<>()).add(s);
            }
        }
        List<TopoRelation> out = new ArrayList<>();
        for (Span caller : spans) {
            List<Span> children = callees.get(caller.spanId);
            if (children == null || !callers.containsKey(caller.spanId)) {
                continue;
            }
            String from = TopoKeys.service(caller);
            String kind = kind(caller);
            DiscoverRule via = caller.isKind(Span.KIND_PRODUCER) ? rules.component(caller) : null;
            if (via == null) {
                for (Span child : children) {
                    DiscoverRule rule = rules.category(child);
                    if (rule != null) {
                        out.add(
                                new TopoRelation(
                                        from,
                                        key(child, rule),
                                        kind,
                                        rule.topoKind,
                                        rule.categoryId));
                    }
                }
                continue;
            }
            String middleware = TopoKeys.componentNode(caller, via);
            out.add(
                    new TopoRelation(
                            from,
                            middleware,
                            TopoRelation.ASYNC,
                            DiscoverRule.COMPONENT,
                            via.categoryId));
            for (Span consumer : children) {
                DiscoverRule rule = rules.category(consumer);
                if (rule == null) {
                    continue;
                }
                String to = key(consumer, rule);
                if (to.equals(middleware)) {
                    String service = TopoKeys.service(consumer);
                    String[] t = target(nodes, service);
                    out.add(new TopoRelation(middleware, service, TopoRelation.ASYNC, t[0], t[1]));
                } else {
                    out.add(
                            new TopoRelation(
                                    middleware,
                                    to,
                                    TopoRelation.ASYNC,
                                    rule.topoKind,
                                    rule.categoryId));
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
        Map<String, Span> byId = new HashMap<>();
        for (Span s : spans) {
            byId.put(s.spanId, s);
        }
        List<RemoteServiceRelation> out = new ArrayList<>();
        for (Span s : spans) {
            String peer = TopoKeys.peerService(s);
            Span parent = byId.get(s.parentSpanId);
            if (peer == null || parent == null || TopoKeys.peerService(parent) != null) {
                continue;
            }
            DiscoverRule own = rules.category(s);
            DiscoverRule caller = rules.category(parent);
            if (own == null || caller == null) {
                continue;
            }
            out.add(
                    new RemoteServiceRelation(
                            TopoKeys.remoteService(own.categoryId, peer),
                            parent.text(caller.endpointKey),
                            caller.categoryId));
        }
        return out;
    }

    /** A node key as a child span names it: its service, or its component node. */
    private static String key(Span s, DiscoverRule rule) {
        return rule.isComponent() ? TopoKeys.componentNode(s, rule) : TopoKeys.service(s);
    }
}
