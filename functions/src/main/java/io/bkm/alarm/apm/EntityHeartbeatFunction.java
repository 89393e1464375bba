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
 * Keeps each discovered entity's first and last sighting, keyed by {@link Sighting#stateKey()}. A
 * new entity is created; one seen again is touched once its last written sighting is a touch
 * interval old, and a sighting inside that interval costs no state write and no output; one not
 * touched for its application's retention expires on an event-time timer, and its state ends.
 * Sightings that create or touch apply when event time passes them, in the order of their times
 * ({@link TimeOrdered}).
 */
public class EntityHeartbeatFunction
        extends KeyedProcessFunction<String, Sighting, DiscoveryChange> {
    /**
     * First and last written sighting, epoch seconds; the expiry timer is due at last + retention.
     */
    public static class Seen extends Lifetime {
        public String doc;

        public Seen() {}
    }

    private final long touchIntervalSeconds;
    private transient ValueState<Seen> seen;
    private transient TimeOrdered<Sighting> pending;

    public EntityHeartbeatFunction(long touchIntervalSeconds) {
        this.touchIntervalSeconds = touchIntervalSeconds;
    }

    @Override
    public void open(OpenContext openContext) {
        seen =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "apm-entity-seen", TypeInformation.of(Seen.class)));
        pending =
                new TimeOrdered<>(
                        getRuntimeContext()
                                .getMapState(
                                        new MapStateDescriptor<>(
                                                "apm-entity-pending",
                                                Types.LONG,
                                                TypeInformation.of(Sighting.class))));
    }

    @Override
    public void processElement(Sighting s, Context ctx, Collector<DiscoveryChange> out)
            throws Exception {
        Seen state = seen.value();
        if (state != null && s.seenAt < state.last + touchIntervalSeconds) {
            return;
        }
        pending.add(s.seenAt, s, EntityHeartbeatFunction::longerKept, ctx.timerService());
    }

    /** Of two sightings of one second, the one whose application keeps it longer. */
    private static Sighting longerKept(Sighting a, Sighting b) {
        return b.retentionSeconds > a.retentionSeconds ? b : a;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<DiscoveryChange> out)
            throws Exception {
        Sighting s = pending.take(timestamp);
        if (s != null) {
            apply(s, ctx, out);
        }
        Seen state = seen.value();
        if (state == null
                || !state.endsAt(timestamp)
                || TimeOrdered.endOfInput(ctx.timerService())) {
            return;
        }
        String[] parts = ctx.getCurrentKey().split("\u0000", 4);
        out.collect(
                state.change(
                        DiscoveryChange.EXPIRED,
                        parts[0],
                        parts[1],
                        parts[2],
                        parts[3],
                        state.doc));
        seen.clear();
    }

    private void apply(Sighting s, OnTimerContext ctx, Collector<DiscoveryChange> out)
            throws Exception {
        Seen state = seen.value();
        String op;
        if (state == null) {
            state = new Seen();
            state.begin(s.seenAt, s.retentionSeconds, ctx.timerService());
            op = DiscoveryChange.CREATED;
        } else if (s.seenAt >= state.last + touchIntervalSeconds) {
            state.extend(s.seenAt, s.retentionSeconds, ctx.timerService());
            op = DiscoveryChange.UPDATED;
        } else {
            return;
        }
        state.doc = s.doc;
        seen.update(state);
        out.collect(state.change(op, s.type, s.bkBizId, s.appName, s.key, state.doc));
    }
}
