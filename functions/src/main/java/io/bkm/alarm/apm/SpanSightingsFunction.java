package io.bkm.alarm.apm;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Sights what each span shows by itself, where its application's spans are bound (no shuffle
 * between): its endpoints, instances and single-span edges, and its topology nodes on {@link
 * #NODES}. What its trace needs of it goes on {@link #TRACE_SPANS}, decided by the rules here, so
 * the trace stage receives and holds a few fields instead of the span. A span no category rule
 * matches is counted, as bk-monitor skips it.
 */
public class SpanSightingsFunction extends ProcessFunction<AppSpan, Sighting> {
    public static final OutputTag<NodeSighting> NODES = new OutputTag<>("apm-node-sightings") {};

    public static final OutputTag<AppTraceSpan> TRACE_SPANS = new OutputTag<>("apm-trace-spans") {};

    /** How many recent sightings an instance remembers, so as not to send them again. */
    private static final int SENT_CAPACITY = 50_000;

    private final List<DiscoverRule> globalRules;
    private transient Counter unmatched;
    private transient AppRules appRules;
    private transient RecentlySent sent;

    public SpanSightingsFunction(List<DiscoverRule> globalRules) {
        this.globalRules = new ArrayList<>(globalRules);
    }

    @Override
    public void open(OpenContext openContext) {
        unmatched = getRuntimeContext().getMetricGroup().counter("spans_unmatched");
        appRules = new AppRules(globalRules);
        sent = new RecentlySent(SENT_CAPACITY);
    }

    @Override
    public void processElement(AppSpan in, Context ctx, Collector<Sighting> out) {
        DiscoverRules rules = appRules.of(in.app);
        TraceSpan traced = TraceSpan.of(in.span, rules);
        if (traced.categoryId == null) {
            unmatched.inc();
        }
        ctx.output(TRACE_SPANS, new AppTraceSpan(in, traced));
        ApmApp app = in.app;
        // spans of one application and second that look the same show the same: one is enough
        if (!rules.readsIds() && !sent.firstTime(List.of(app.dataId, in.seenAt, in.span.look()))) {
            return;
        }
        SpanSightings.shownBy(
                in.span,
                rules,
                (type, key, identity) -> {
                    if (sent.firstTime(RecentlySent.key(app.dataId, in.seenAt, type, key))) {
                        out.collect(SpanSightings.sighting(app, in.seenAt, type, key, identity));
                    }
                });
        for (TopoNode n : NodeDiscovery.observe(in.span, rules)) {
            // the newest second's platform wins, so observations of one second are alike
            n.platformTime = in.seenAt;
            if (sent.firstTime(
                    RecentlySent.key(app.dataId, in.seenAt, SpanSightings.TOPO_NODE, n))) {
                ctx.output(NODES, new NodeSighting(app, in.seenAt, n));
            }
        }
    }
}
