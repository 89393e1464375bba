package io.bkm.alarm.apm;

import com.fasterxml.jackson.databind.JsonNode;
import io.bkm.alarm.common.InvalidInputException;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.common.JsonFields;
import io.bkm.alarm.common.Reasons;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An application's rules in the order bk-monitor applies them (spec §2): its own first, then the
 * global ones, each group by {@code sort}; and how a span matches them.
 */
public final class DiscoverRules {
    private final List<DiscoverRule> category = new ArrayList<>();
    private final List<DiscoverRule> system = new ArrayList<>();
    private final List<DiscoverRule> platform = new ArrayList<>();
    private final List<DiscoverRule> sdk = new ArrayList<>();

    /**
     * Every span path these rules or the discovery read: a span needs no other field, and whether
     * two spans show the same depends on these alone.
     */
    private final Set<String> paths;

    private final Set<String> resourceKeys;
    private final Set<String> attributeKeys;
    private final boolean readsIds;

    private static final Set<String> TYPES =
            Set.of(
                    DiscoverRule.CATEGORY,
                    DiscoverRule.SYSTEM,
                    DiscoverRule.PLATFORM,
                    DiscoverRule.SDK);

    /**
     * Rules as {@code conf/apm/rules.json} and an application's {@code rules} hold them: a list of
     * {@code {type, category_id, topo_kind, predicate_key, instance_key[], endpoint_key, sort}}.
     */
    public static List<DiscoverRule> read(JsonNode list) throws InvalidInputException {
        JsonFields.requireList(list, "rules");
        List<DiscoverRule> out = new ArrayList<>(list.size());
        for (JsonNode n : list) {
            DiscoverRule r;
            try {
                r = Json.MAPPER.treeToValue(n, DiscoverRule.class);
            } catch (Exception e) {
                throw new InvalidInputException(Reasons.WRONG_SHAPE, "a rule: " + e.getMessage());
            }
            if (r.type == null
                    || !TYPES.contains(r.type)
                    || r.categoryId == null
                    || r.predicateKey == null) {
                throw new InvalidInputException(
                        Reasons.INVALID_VALUE,
                        "a rule needs a type of "
                                + TYPES
                                + ", category_id and predicate_key: "
                                + n);
            }
            if (r.type.equals(DiscoverRule.CATEGORY)
                    && !DiscoverRule.SERVICE.equals(r.topoKind)
                    && !DiscoverRule.COMPONENT.equals(r.topoKind)) {
                throw new InvalidInputException(
                        Reasons.INVALID_VALUE,
                        "a category rule's topo_kind is service or component: " + n);
            }
            out.add(r);
        }
        return out;
    }

    public DiscoverRules(List<DiscoverRule> appRules, List<DiscoverRule> globalRules) {
        for (List<DiscoverRule> group : List.of(appRules, globalRules)) {
            List<DiscoverRule> sorted = new ArrayList<>(group);
            sorted.sort(Comparator.comparingInt(r -> r.sort));
            for (DiscoverRule r : sorted) {
                switch (r.type) {
                    case DiscoverRule.CATEGORY -> category.add(r);
                    case DiscoverRule.SYSTEM -> system.add(r);
                    case DiscoverRule.PLATFORM -> platform.add(r);
                    case DiscoverRule.SDK -> sdk.add(r);
                    default -> throw new IllegalArgumentException("no rule type " + r.type);
                }
            }
        }
        paths = Set.copyOf(readPaths());
        resourceKeys = keysUnder("resource.");
        attributeKeys = keysUnder("attributes.");
        readsIds =
                paths.contains("trace_id")
                        || paths.contains("span_id")
                        || paths.contains("parent_span_id");
    }

    /** The span paths the discovery itself reads, whatever the rules. */
    static final List<String> FIXED_PATHS =
            List.of(
                    "resource.service.name",
                    "resource.bk.instance.id",
                    "resource.net.host.ip",
                    "attributes.net.host.ip",
                    "resource.telemetry.sdk.name",
                    "resource.telemetry.sdk.version",
                    "resource.telemetry.sdk.language",
                    "attributes.peer.service",
                    "attributes.db.system",
                    "attributes.messaging.system",
                    "attributes.rpc.system",
                    "attributes.http.method",
                    "attributes.messaging.destination");

    /** Whether a rule reads a span's ids, so that no two spans look the same to it. */
    public boolean readsIds() {
        return readsIds;
    }

    /** The keys of {@code resource} that {@link #paths} name. */
    Set<String> resourceKeys() {
        return resourceKeys;
    }

    /** The keys of {@code attributes} that {@link #paths} name. */
    Set<String> attributeKeys() {
        return attributeKeys;
    }

    private Set<String> keysUnder(String container) {
        Set<String> keys = new HashSet<>();
        for (String p : paths) {
            if (p.startsWith(container)) {
                keys.add(p.substring(container.length()));
            }
        }
        return keys;
    }

    private Set<String> readPaths() {
        Set<String> out = new HashSet<>(FIXED_PATHS);
        for (List<DiscoverRule> group : List.of(category, system, platform, sdk)) {
            for (DiscoverRule r : group) {
                if (r.predicateKey != null) {
                    for (String p : r.predicateKey.split(",")) {
                        out.add(p.trim());
                    }
                }
                out.addAll(List.of(r.instanceKey));
                if (r.endpointKey != null) {
                    out.add(r.endpointKey);
                }
            }
        }
        return out;
    }

    /**
     * The first category rule other than {@code other} whose predicate is present, skipping {@code
     * excluded} (null: none); else the first {@code other} rule (null if there is none).
     */
    public DiscoverRule category(Span span, String excluded) {
        DiscoverRule fallback = null;
        for (DiscoverRule r : category) {
            if (r.isOther()) {
                if (fallback == null) {
                    fallback = r;
                }
            } else if (!r.categoryId.equals(excluded) && span.present(r.predicateKey)) {
                return r;
            }
        }
        return fallback;
    }

    public DiscoverRule category(Span span) {
        return category(span, null);
    }

    /** The rule's place among the category rules, first 0. */
    public int rank(DiscoverRule rule) {
        return category.indexOf(rule);
    }

    /** The first component rule whose predicate is present; no fallback. */
    public DiscoverRule component(Span span) {
        for (DiscoverRule r : category) {
            if (r.isComponent() && !r.isOther() && span.present(r.predicateKey)) {
                return r;
            }
        }
        return null;
    }

    public DiscoverRule system(Span span) {
        return first(system, span);
    }

    public DiscoverRule platform(Span span) {
        return first(platform, span);
    }

    public DiscoverRule sdk(Span span) {
        return first(sdk, span);
    }

    private static DiscoverRule first(List<DiscoverRule> rules, Span span) {
        for (DiscoverRule r : rules) {
            if (span.present(r.predicateKey)) {
                return r;
            }
        }
        return null;
    }
}
