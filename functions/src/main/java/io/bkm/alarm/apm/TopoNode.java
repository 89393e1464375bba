package io.bkm.alarm.apm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bkm.alarm.common.Json;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A node of the topology (spec §3.5): a service, a component ({@code {service}-{value}}) or a
 * remote service ({@code {category}:{peer}}), with what the spans said of it.
 */
public class TopoNode {
    public static final String REMOTE_SERVICE = "remote_service";

    public String topoKey;

    /** {@code extra_data}: what the node is. */
    public String category;

    public String kind;
    public String predicateValue;
    public String serviceLanguage;

    public NodeTag[] system = new NodeTag[0];
    public NodeTag platform;
    public NodeTag[] sdk = new NodeTag[0];

    /** The start (µs) of the span that showed {@link #platform}: the newest one shows it. */
    public long platformTime = Long.MIN_VALUE;

    /**
     * How strongly the spans say what the node is, lowest first: a span the node serves (server or
     * consumer) before a call it makes, then the rule's place in the application's order. {@link
     * Integer#MAX_VALUE} while the node is {@code other}.
     */
    public int categoryRank = Integer.MAX_VALUE;

    public TopoNode() {}

    public TopoNode(
            String topoKey,
            String category,
            String kind,
            String predicateValue,
            String serviceLanguage) {
        this.topoKey = topoKey;
        this.category = category;
        this.kind = kind;
        this.predicateValue = predicateValue;
        this.serviceLanguage = serviceLanguage;
    }

    /**
     * The node as bk-monitor's table holds it (spec §3.5): {@code topo_key}, {@code extra_data},
     * {@code system}, {@code platform}, {@code sdk}, {@code source} and {@code is_permanent}.
     */
    public String document() {
        ObjectNode d = Json.MAPPER.createObjectNode();
        d.put("topo_key", topoKey);
        ObjectNode extra = d.putObject("extra_data");
        extra.put("category", category);
        extra.put("kind", kind);
        extra.put("predicate_value", predicateValue);
        extra.put("service_language", serviceLanguage);
        ArrayNode systems = d.putArray("system");
        for (NodeTag t : system) {
            systems.add(t.document());
        }
        if (platform == null) {
            d.putObject("platform");
        } else {
            d.set("platform", platform.document());
        }
        ArrayNode sdks = d.putArray("sdk");
        for (NodeTag t : sdk) {
            sdks.add(t.document());
        }
        d.putArray("source").add("trace");
        d.put("is_permanent", false);
        return Json.write(d);
    }

    /** A copy that a merge can change without changing this node. */
    TopoNode copy() {
        TopoNode c = new TopoNode(topoKey, category, kind, predicateValue, serviceLanguage);
        c.system = system;
        c.platform = platform;
        c.sdk = sdk;
        c.platformTime = platformTime;
        c.categoryRank = categoryRank;
        return c;
    }

    /** Whether merging {@code seen} would change this node. */
    boolean wouldChange(TopoNode seen) {
        return copy().merge(seen);
    }

    /** Two observations of one second as one. */
    static TopoNode merged(TopoNode a, TopoNode b) {
        TopoNode c = a.copy();
        c.merge(b);
        return c;
    }

    boolean isOther() {
        return category == null || category.isEmpty() || DiscoverRule.OTHER.equals(category);
    }

    /**
     * Takes in another observation of the same node and says whether anything changed. What the
     * node is comes from its strongest observation ({@link #categoryRank}, then the smaller
     * predicate value and language), whatever their order; {@code other} fills only the fields a
     * node lacks, never its category. Systems and SDKs add up by name; a platform replaces the
     * stored one when its span is newer, an absent one keeps it.
     */
    public boolean merge(TopoNode seen) {
        String before = toString();
        if (!seen.isOther()) {
            if (isOther() || stronger(seen, this)) {
                category = seen.category;
                kind = seen.kind;
                predicateValue = seen.predicateValue;
                serviceLanguage = seen.serviceLanguage;
                categoryRank = seen.categoryRank;
            }
        } else if (isOther()) {
            category = orElse(seen.category, category);
            kind = orElse(seen.kind, kind);
            predicateValue = orElse(seen.predicateValue, predicateValue);
            serviceLanguage = orElse(seen.serviceLanguage, serviceLanguage);
        }
        system = union(system, seen.system);
        sdk = union(sdk, seen.sdk);
        if (seen.platform != null
                && (platform == null
                        || seen.platformTime > platformTime
                        || (seen.platformTime == platformTime
                                && seen.platform.toString().compareTo(platform.toString()) < 0))) {
            platform = seen.platform;
            platformTime = seen.platformTime;
        }
        return !before.equals(toString());
    }

    private static boolean stronger(TopoNode a, TopoNode b) {
        if (a.categoryRank != b.categoryRank) {
            return a.categoryRank < b.categoryRank;
        }
        int c = compare(a.predicateValue, b.predicateValue);
        return c != 0 ? c < 0 : compare(a.serviceLanguage, b.serviceLanguage) < 0;
    }

    private static int compare(String a, String b) {
        return a == null ? (b == null ? 0 : 1) : b == null ? -1 : a.compareTo(b);
    }

    private static String orElse(String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }

    private static NodeTag[] union(NodeTag[] stored, NodeTag[] seen) {
        if (seen.length == 0) {
            return stored;
        }
        List<NodeTag> out = new ArrayList<>(Arrays.asList(stored));
        outer:
        for (NodeTag t : seen) {
            for (int i = 0; i < out.size(); i++) {
                if (out.get(i).name.equals(t.name)) {
                    out.set(i, out.get(i).mergedWith(t));
                    continue outer;
                }
            }
            out.add(t);
        }
        return out.toArray(new NodeTag[0]);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TopoNode n && toString().equals(n.toString());
    }

    @Override
    public int hashCode() {
        return Objects.hash(topoKey, category, kind);
    }

    @Override
    public String toString() {
        return "TopoNode("
                + topoKey
                + " "
                + category
                + "/"
                + kind
                + "/"
                + predicateValue
                + "/"
                + serviceLanguage
                + " rank="
                + categoryRank
                + " system="
                + Arrays.toString(system)
                + " platform="
                + platform
                + " sdk="
                + Arrays.toString(sdk)
                + ")";
    }
}
