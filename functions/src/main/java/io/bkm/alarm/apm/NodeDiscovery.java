package io.bkm.alarm.apm;

import java.util.ArrayList;
import java.util.List;

/** What one span says of the topology's nodes (spec §3.5, "Per span"). */
public final class NodeDiscovery {
    /** Ranks a call below every served span: there are far fewer category rules than this. */
    private static final int CALL = 10_000;

    private NodeDiscovery() {}

    /**
     * The nodes a span shows: the remote service it names, its service (with the system, platform
     * and SDK it runs on) or the component it calls. A service that calls a component is what the
     * span matches without that component's category, usually {@code other}.
     */
    public static List<TopoNode> observe(Span span, DiscoverRules rules) {
        List<TopoNode> out = new ArrayList<>(3);
        DiscoverRule rule = rules.category(span);
        if (rule == null) {
            return out;
        }
        String service = TopoKeys.service(span);
        String language = span.text("resource.telemetry.sdk.language");
        boolean serving = span.isKind(Span.KIND_SERVER, Span.KIND_CONSUMER);
        String peer = TopoKeys.peerService(span);
        if (peer != null) {
            TopoNode remote =
                    new TopoNode(
                            TopoKeys.remoteService(rule.categoryId, peer),
                            rule.categoryId,
                            TopoNode.REMOTE_SERVICE,
                            peer,
                            "");
            remote.categoryRank = rules.rank(rule);
            out.add(remote);
        }
        TopoNode node;
        if (rule.isComponent()) {
            TopoNode component =
                    new TopoNode(
                            TopoKeys.componentNode(span, rule),
                            rule.categoryId,
                            DiscoverRule.COMPONENT,
                            span.text(rule.predicateKey),
                            language);
            component.categoryRank = rules.rank(rule);
            out.add(component);
            DiscoverRule again = rules.category(span, rule.categoryId);
            node =
                    new TopoNode(
                            service,
                            again == null ? DiscoverRule.OTHER : again.categoryId,
                            again == null ? DiscoverRule.SERVICE : again.topoKind,
                            null,
                            language);
            if (again != null && !again.isOther()) {
                node.categoryRank = rank(rules, again, serving);
            }
        } else {
            node =
                    new TopoNode(
                            service,
                            rule.categoryId,
                            DiscoverRule.SERVICE,
                            span.text(rule.predicateKey),
                            language);
            if (!rule.isOther()) {
                node.categoryRank = rank(rules, rule, serving);
            }
        }
        if (service.isEmpty()) {
            return out;
        }
        DiscoverRule system = rules.system(span);
        if (system != null) {
            node.system = new NodeTag[] {tag(system.categoryId, span, system)};
        }
        DiscoverRule platform = rules.platform(span);
        if (platform != null) {
            node.platform = tag(platform.categoryId, span, platform);
            node.platformTime = span.startTime;
        }
        DiscoverRule sdk = rules.sdk(span);
        if (sdk != null) {
            String name = span.text(sdk.predicateKey);
            node.sdk =
                    new NodeTag[] {
                        new NodeTag(
                                name, new SpanField[] {new SpanField(sdk.predicateKey, name, true)})
                    };
        }
        out.add(node);
        return out;
    }

    private static int rank(DiscoverRules rules, DiscoverRule rule, boolean serving) {
        return (serving ? 0 : CALL) + rules.rank(rule);
    }

    /** A system or platform: its name and the span's values at the rule's instance keys. */
    private static NodeTag tag(String name, Span span, DiscoverRule rule) {
        SpanField[] values = new SpanField[rule.instanceKey.length];
        for (int i = 0; i < values.length; i++) {
            String path = rule.instanceKey[i];
            values[i] = new SpanField(path, span.text(path), span.present(path));
        }
        return new NodeTag(name, values);
    }
}
