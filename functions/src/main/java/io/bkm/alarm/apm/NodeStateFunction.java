package io.bkm.alarm.apm;

import io.bkm.alarm.common.Json;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Each topology node of an application, keyed by {@link NodeSighting#stateKey()}: observations
 * merge into it ({@link TopoNode#merge}); a change is written at once, a sighting that changes
 * nothing only once per touch interval (and costs no state write in between). A node not seen for
 * the node retention (bk-monitor: 180 days, whatever the application's) expires on an event-time
 * timer.
 */
public class NodeStateFunction extends KeyedProcessFunction<String, NodeSighting, DiscoveryChange> {
    /** The node, its first and last written sighting (epoch seconds), and when it expires. */
    public static class Known {
        public TopoNode node;
        public long first;
        public long last;
        public long expiresAt;

        public Known() {}
    }

    private final long touchIntervalSeconds;
    private final long retentionSeconds;
    private transient ValueState<Known> known;

    public NodeStateFunction(long touchIntervalSeconds, long retentionSeconds) {
        this.touchIntervalSeconds = touchIntervalSeconds;
        this.retentionSeconds = retentionSeconds;
    }

    @Override
    public void open(OpenContext openContext) {
        known =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "apm-node", TypeInformation.of(Known.class)));
    }

    @Override
    public void processElement(NodeSighting s, Context ctx, Collector<DiscoveryChange> out)
            throws Exception {
        Known k = known.value();
        String op;
        if (k == null) {
            k = new Known();
            k.node = s.node;
            k.first = s.seenAt;
            op = DiscoveryChange.CREATED;
        } else {
            boolean changed = k.node.merge(s.node);
            if (!changed && s.seenAt < k.last + touchIntervalSeconds) {
                return;
            }
            op = DiscoveryChange.UPDATED;
            ctx.timerService().deleteEventTimeTimer(k.expiresAt * 1000);
        }
        k.last = Math.max(k.last, s.seenAt);
        k.expiresAt = k.last + retentionSeconds;
        ctx.timerService().registerEventTimeTimer(k.expiresAt * 1000);
        known.update(k);
        out.collect(change(op, s.bkBizId, s.appName, k));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<DiscoveryChange> out)
            throws Exception {
        Known k = known.value();
        if (k == null || k.expiresAt * 1000 != timestamp) {
            return;
        }
        String[] parts = ctx.getCurrentKey().split("\u0000", 3);
        out.collect(change(DiscoveryChange.EXPIRED, parts[0], parts[1], k));
        known.clear();
    }

    private static DiscoveryChange change(String op, String bkBizId, String appName, Known k) {
        DiscoveryChange c = new DiscoveryChange();
        c.op = op;
        c.type = SpanSightings.TOPO_NODE;
        c.bkBizId = bkBizId;
        c.appName = appName;
        c.key = k.node.topoKey;
        c.doc = Json.write(k.node);
        c.firstSeen = k.first;
        c.lastSeen = k.last;
        if (DiscoveryChange.EXPIRED.equals(op)) {
            c.reason = DiscoveryChange.RETENTION;
        }
        return c;
    }
}
