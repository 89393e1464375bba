package io.bkm.alarm.apm;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Each topology node of an application, keyed by {@link NodeSighting#stateKey()}: observations
 * merge into it ({@link TopoNode#merge}) when event time passes them, in the order of their times
 * ({@link TimeOrdered}), so the changes written do not depend on which trace came first; a change
 * is written then, a sighting that changes nothing only once per touch interval (and costs no state
 * write in between). A node not seen for the node retention (bk-monitor: 180 days, whatever the
 * application's) expires on an event-time timer.
 */
public class NodeStateFunction extends KeyedProcessFunction<String, NodeSighting, DiscoveryChange> {
    /** The node and its lifetime. */
    public static class Known extends Lifetime {
        public TopoNode node;

        public Known() {}
    }

    private final long touchIntervalSeconds;
    private final long retentionSeconds;
    private transient ValueState<Known> known;
    private transient TimeOrdered<TopoNode> pending;

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
        pending =
                new TimeOrdered<>(
                        getRuntimeContext()
                                .getMapState(
                                        new MapStateDescriptor<>(
                                                "apm-node-pending",
                                                Types.LONG,
                                                TypeInformation.of(TopoNode.class))));
    }

    @Override
    public void processElement(NodeSighting s, Context ctx, Collector<DiscoveryChange> out)
            throws Exception {
        Known k = known.value();
        if (k != null && s.seenAt < k.last + touchIntervalSeconds && !k.node.wouldChange(s.node)) {
            return;
        }
        pending.add(s.seenAt, s.node, TopoNode::merged, ctx.timerService());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<DiscoveryChange> out)
            throws Exception {
        String[] parts = ctx.getCurrentKey().split("\u0000", 3);
        TopoNode seen = pending.take(timestamp);
        if (seen != null) {
            apply(timestamp / 1000, seen, parts, ctx, out);
        }
        Known k = known.value();
        if (k == null || !k.endsAt(timestamp) || TimeOrdered.endOfInput(ctx.timerService())) {
            return;
        }
        out.collect(change(DiscoveryChange.EXPIRED, parts[0], parts[1], k));
        known.clear();
    }

    private void apply(
            long seenAt,
            TopoNode seen,
            String[] key,
            OnTimerContext ctx,
            Collector<DiscoveryChange> out)
            throws Exception {
        Known k = known.value();
        String op;
        if (k == null) {
            k = new Known();
            k.node = seen;
            k.begin(seenAt, retentionSeconds, ctx.timerService());
            op = DiscoveryChange.CREATED;
        } else {
            boolean changed = k.node.merge(seen);
            if (!changed && seenAt < k.last + touchIntervalSeconds) {
                return;
            }
            k.extend(seenAt, retentionSeconds, ctx.timerService());
            op = DiscoveryChange.UPDATED;
        }
        known.update(k);
        out.collect(change(op, key[0], key[1], k));
    }

    private static DiscoveryChange change(String op, String bkBizId, String appName, Known k) {
        return k.change(
                op, SpanSightings.TOPO_NODE, bkBizId, appName, k.node.topoKey, k.node.document());
    }
}
