package io.bkm.alarm.apm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Sights what each span shows by itself, where its application's spans are bound (no shuffle
 * between): its endpoints, instances and single-span edges, and its topology nodes on {@link
 * #NODES}. What its trace needs of it goes on {@link #TRACE_SPANS}, decided by the rules here, so
 * the trace stage receives and holds a few fields instead of the span, one record per trace and
 * batch. A span no category rule matches is counted, as bk-monitor skips it.
 */
public class SpanSightingsFunction extends ProcessFunction<AppBatch, Sighting> {
    public static final OutputTag<NodeSighting> NODES = new OutputTag<>("apm-node-sightings") {};

    public static final OutputTag<AppTraceSpans> TRACE_SPANS =
            new OutputTag<>("apm-trace-spans") {};

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
    public void processElement(AppBatch in, Context ctx, Collector<Sighting> out) {
        DiscoverRules rules = appRules.of(in.app);
        // a trace's spans of one batch go on together: one record and one state update each
        Map<String, List<TraceSpan>> traces = new LinkedHashMap<>();
        for (Span span : in.spans) {
            TraceSpan traced = TraceSpan.of(span, rules);
            if (traced.categoryId == null) {
                unmatched.inc();
            }
            traces.computeIfAbsent(span.traceId, t -> new ArrayList<>(4)).add(traced);
            sight(in, span, rules, ctx, out);
        }
        traces.forEach(
                (traceId, spans) ->
                        ctx.output(
                                TRACE_SPANS,
                                new AppTraceSpans(
                                        in,
                                        in.traceKey(traceId),
                                        spans.toArray(TraceSpan[]::new))));
    }

    private void sight(
            AppBatch in, Span span, DiscoverRules rules, Context ctx, Collector<Sighting> out) {
        ApmApp app = in.app;
        // spans of one application and second that look the same show the same: one is enough
        if (!rules.readsIds() && !sent.firstTime(List.of(app.dataId, in.seenAt, span.look()))) {
            return;
        }
        SpanSightings.shownBy(
                span,
                rules,
                (type, key, identity) -> {
                    if (sent.firstTime(RecentlySent.key(app.dataId, in.seenAt, type, key))) {
                        out.collect(SpanSightings.sighting(app, in.seenAt, type, key, identity));
                    }
                });
        for (TopoNode n : NodeDiscovery.observe(span, rules)) {
            // the newest second's platform wins, so observations of one second are alike
            n.platformTime = in.seenAt;
            if (sent.firstTime(
                    RecentlySent.key(app.dataId, in.seenAt, SpanSightings.TOPO_NODE, n))) {
                ctx.output(NODES, new NodeSighting(app, in.seenAt, n));
            }
        }
    }
}
