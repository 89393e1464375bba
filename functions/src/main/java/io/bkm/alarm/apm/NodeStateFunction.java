package io.bkm.alarm.apm;

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
    /** The node and its lifetime. */
    public static class Known extends Lifetime {
        public TopoNode node;

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
            k.begin(s.seenAt, retentionSeconds, ctx.timerService());
            op = DiscoveryChange.CREATED;
        } else {
            boolean changed = k.node.merge(s.node);
            if (!changed && s.seenAt < k.last + touchIntervalSeconds) {
                return;
            }
            k.extend(s.seenAt, retentionSeconds, ctx.timerService());
            op = DiscoveryChange.UPDATED;
        }
        known.update(k);
        out.collect(change(op, s.bkBizId, s.appName, k));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<DiscoveryChange> out)
            throws Exception {
        Known k = known.value();
        if (k == null || !k.endsAt(timestamp)) {
            return;
        }
        String[] parts = ctx.getCurrentKey().split("\u0000", 3);
        out.collect(change(DiscoveryChange.EXPIRED, parts[0], parts[1], k));
        known.clear();
    }

    private static DiscoveryChange change(String op, String bkBizId, String appName, Known k) {
        return k.change(
                op, SpanSightings.TOPO_NODE, bkBizId, appName, k.node.topoKey, k.node.document());
    }
}
