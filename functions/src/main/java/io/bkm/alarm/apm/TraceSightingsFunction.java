package io.bkm.alarm.apm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Holds the spans of a trace as {@link TraceSpan}s, keyed by {@link AppTraceSpans#traceKey}, for a
 * configured time after its first one (event time), then sights what only the trace together shows:
 * its root endpoint, the edges between callers and callees, and who calls each remote service. A
 * span that comes after its trace was let go starts a new hold; it pairs only with spans that come
 * within that one.
 */
public class TraceSightingsFunction extends KeyedProcessFunction<String, AppTraceSpans, Sighting> {
    /** The trace's application (from its first span) and its newest batch time. */
    public static class Held {
        public String bkBizId;
        public String appName;
        public long retentionSeconds;
        public long seenAt;

        public Held() {}
    }

    /** How many recent sightings an instance remembers, so as not to send them again. */
    private static final int SENT_CAPACITY = 50_000;

    private final long holdSeconds;
    private transient ValueState<Held> first;
    private transient ListState<TraceSpan> spans;
    private transient RecentlySent sent;

    public TraceSightingsFunction(long holdSeconds) {
        this.holdSeconds = holdSeconds;
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
                                        "apm-trace-held-spans",
                                        TypeInformation.of(TraceSpan.class)));
        sent = new RecentlySent(SENT_CAPACITY);
    }

    @Override
    public void processElement(AppTraceSpans in, Context ctx, Collector<Sighting> out)
            throws Exception {
        Held held = first.value();
        if (held == null) {
            held = new Held();
            held.bkBizId = in.bkBizId;
            held.appName = in.appName;
            held.retentionSeconds = in.retentionSeconds;
            held.seenAt = in.seenAt;
            first.update(held);
            ctx.timerService().registerEventTimeTimer((in.seenAt + holdSeconds) * 1000);
        } else if (in.seenAt > held.seenAt) {
            held.seenAt = in.seenAt;
            first.update(held);
        }
        spans.addAll(Arrays.asList(in.spans));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Sighting> out)
            throws Exception {
        Held held = first.value();
        List<TraceSpan> trace = new ArrayList<>();
        spans.get().forEach(trace::add);
        first.clear();
        spans.clear();
        if (held == null) {
            return;
        }
        RootEndpoint root = EndpointDiscovery.root(trace);
        if (root != null) {
            send(held, SpanSightings.ROOT_ENDPOINT, root.cacheKey(), root, out);
        }
        for (TopoRelation r : RelationDiscovery.pairs(trace, RelationDiscovery.NO_NODES)) {
            send(held, SpanSightings.TOPO_RELATION, r.cacheKey(), r, out);
        }
        for (RemoteServiceRelation r : RelationDiscovery.remoteCallers(trace)) {
            send(held, SpanSightings.REMOTE_SERVICE_RELATION, r.cacheKey(), r, out);
        }
    }

    /**
     * Sends a sighting unless this instance sent the same entity for the same second already: many
     * traces of a second show the same root and edges, and those of a second apply as one.
     */
    private void send(
            Held held, String type, String key, Object identity, Collector<Sighting> out) {
        String seen = RecentlySent.key(held.bkBizId, held.appName, held.seenAt, type, key);
        if (sent.firstTime(seen)) {
            out.collect(sighting(held, type, key, identity));
        }
    }

    private static Sighting sighting(Held held, String type, String key, Object identity) {
        return SpanSightings.sighting(
                held.bkBizId,
                held.appName,
                held.retentionSeconds,
                held.seenAt,
                type,
                key,
                identity);
    }
}
