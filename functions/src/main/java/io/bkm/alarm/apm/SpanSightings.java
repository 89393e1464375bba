package io.bkm.alarm.apm;

import io.bkm.alarm.common.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * The entities one span shows by itself, as sightings of its application: endpoints, instances and
 * single-span relations. Those that need other spans of its trace (root endpoints, caller and
 * callee pairs, remote callers), the host lookup and the nodes come from their own stages.
 */
public final class SpanSightings {
    public static final String ENDPOINT = "endpoint";
    public static final String ROOT_ENDPOINT = "root_endpoint";
    public static final String HOST_INSTANCE = "host_instance";
    public static final String TOPO_INSTANCE = "topo_instance";
    public static final String TOPO_NODE = "topo_node";
    public static final String TOPO_RELATION = "topo_relation";
    public static final String REMOTE_SERVICE_RELATION = "remote_service_relation";

    private SpanSightings() {}

    public static List<Sighting> of(ApmApp app, DiscoverRules rules, long seenAt, Span span) {
        List<Sighting> out = new ArrayList<>();
        shownBy(
                span,
                rules,
                (type, key, identity) -> out.add(sighting(app, seenAt, type, key, identity)));
        return out;
    }

    /** Told each entity a span shows, before anything of it is written as JSON. */
    @FunctionalInterface
    public interface Shown {
        void entity(String type, String key, Object identity);
    }

    /** The entities {@code span} shows by itself, each told to {@code shown}. */
    public static void shownBy(Span span, DiscoverRules rules, Shown shown) {
        for (Endpoint e : EndpointDiscovery.endpoints(span, rules)) {
            shown.entity(ENDPOINT, e.cacheKey(), e);
        }
        for (TopoInstance i : InstanceDiscovery.instances(span, rules)) {
            shown.entity(TOPO_INSTANCE, i.cacheKey(), i);
        }
        for (TopoRelation r : RelationDiscovery.single(span, rules, RelationDiscovery.NO_NODES)) {
            shown.entity(TOPO_RELATION, r.cacheKey(), r);
        }
    }

    /** A sighting of {@code identity}, whose fields become its document. */
    public static Sighting sighting(
            ApmApp app, long seenAt, String type, String key, Object identity) {
        return sighting(
                app.bkBizId, app.appName, app.retentionSeconds(), seenAt, type, key, identity);
    }

    static Sighting sighting(
            String bkBizId,
            String appName,
            long retentionSeconds,
            long seenAt,
            String type,
            String key,
            Object identity) {
        Sighting s = new Sighting();
        s.type = type;
        s.bkBizId = bkBizId;
        s.appName = appName;
        s.key = key;
        s.doc = Json.write(identity);
        s.seenAt = seenAt;
        s.retentionSeconds = retentionSeconds;
        return s;
    }
}
