package io.bkm.alarm.apm;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Sights what each span shows by itself at once (its endpoints, instances and single-span edges;
 * its topology nodes on {@link #NODES}), and holds the spans of a trace, keyed by {@link
 * AppSpan#traceKey()}, for a configured time after its first one (event time), then sights what
 * only the trace together shows: its root endpoint, the edges between callers and callees, and who
 * calls each remote service. A span that comes after its trace was let go starts a new hold; it
 * pairs only with spans that come within that one. A span no category rule matches is counted, as
 * bk-monitor skips it.
 */
public class TraceSightingsFunction extends KeyedProcessFunction<String, AppSpan, Sighting> {
    /** The trace's application (from its first span) and its newest batch time. */
    public static class Held {
        public ApmApp app;
        public long seenAt;

        public Held() {}
    }

    public static final OutputTag<NodeSighting> NODES = new OutputTag<>("apm-node-sightings") {};

    private final long holdSeconds;
    private final List<DiscoverRule> globalRules;
    private transient ValueState<Held> first;
    private transient ListState<Span> spans;
    private transient Counter unmatched;
    private transient AppRules appRules;
    private transient RecentlySent sent;

    public TraceSightingsFunction(long holdSeconds, List<DiscoverRule> globalRules) {
        this.holdSeconds = holdSeconds;
        this.globalRules = new ArrayList<>(globalRules);
    }

    @Override
    public void open(OpenContext openContext) {
        first =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "apm-trace-first", TypeInformation.of(Held.class)));
        spans =
                getRuntimeContext()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "apm-trace-spans", TypeInformation.of(Span.class)));
        unmatched = getRuntimeContext().getMetricGroup().counter("spans_unmatched");
        appRules = new AppRules(globalRules);
        sent = new RecentlySent(SENT_CAPACITY);
    }

    /** How many recent sightings an instance remembers, so as not to send them again. */
    private static final int SENT_CAPACITY = 50_000;

    @Override
    public void processElement(AppSpan in, Context ctx, Collector<Sighting> out) throws Exception {
        DiscoverRules rules = appRules.of(in.app);
        if (rules.category(in.span) == null) {
            unmatched.inc();
        }
        ApmApp app = in.app;
        // spans of one application and second that look the same show the same: one is enough
        if (rules.readsIds() || sent.firstTime(List.of(app.dataId, in.seenAt, in.span.look()))) {
            SpanSightings.shownBy(
                    in.span,
                    rules,
                    (type, key, identity) -> {
                        if (sent.firstTime(seen(app, in.seenAt, type, key))) {
                            out.collect(
                                    SpanSightings.sighting(app, in.seenAt, type, key, identity));
                        }
                    });
            for (TopoNode n : NodeDiscovery.observe(in.span, rules)) {
                // the newest second's platform wins, so observations of one second are alike
                n.platformTime = in.seenAt;
                if (sent.firstTime(seen(app, in.seenAt, SpanSightings.TOPO_NODE, n.toString()))) {
                    ctx.output(NODES, new NodeSighting(app, in.seenAt, n));
                }
            }
        }
        Held held = first.value();
        if (held == null) {
            held = new Held();
            held.app = in.app;
            held.seenAt = in.seenAt;
            first.update(held);
            ctx.timerService().registerEventTimeTimer((in.seenAt + holdSeconds) * 1000);
        } else if (in.seenAt > held.seenAt) {
            held.seenAt = in.seenAt;
            first.update(held);
        }
        spans.add(in.span);
    }

    private static String seen(ApmApp app, long seenAt, String type, String key) {
        return app.dataId + "\u0000" + seenAt + "\u0000" + type + "\u0000" + key;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Sighting> out)
            throws Exception {
        Held held = first.value();
        List<Span> trace = new ArrayList<>();
        spans.get().forEach(trace::add);
        first.clear();
        spans.clear();
        if (held == null) {
            return;
        }
        ApmApp app = held.app;
        DiscoverRules rules = appRules.of(app);
        RootEndpoint root = EndpointDiscovery.root(trace, rules);
        if (root != null) {
            out.collect(
                    SpanSightings.sighting(
                            app, held.seenAt, SpanSightings.ROOT_ENDPOINT, root.cacheKey(), root));
        }
        for (TopoRelation r : RelationDiscovery.pairs(trace, rules, RelationDiscovery.NO_NODES)) {
            out.collect(
                    SpanSightings.sighting(
                            app, held.seenAt, SpanSightings.TOPO_RELATION, r.cacheKey(), r));
        }
        for (RemoteServiceRelation r : RelationDiscovery.remoteCallers(trace, rules)) {
            out.collect(
                    SpanSightings.sighting(
                            app,
                            held.seenAt,
                            SpanSightings.REMOTE_SERVICE_RELATION,
                            r.cacheKey(),
                            r));
        }
    }
}
