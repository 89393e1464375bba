package io.bkm.alarm.apm;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keeps each discovered entity's first and last sighting, keyed by {@link Sighting#stateKey()}. A
 * new entity is created; one seen again is touched once its last written sighting is a touch
 * interval old, and a sighting inside that interval costs no state write and no output; one not
 * touched for its application's retention expires on an event-time timer, and its state ends.
 */
public class EntityHeartbeatFunction
        extends KeyedProcessFunction<String, Sighting, DiscoveryChange> {
    /**
     * First and last written sighting, epoch seconds; the expiry timer is due at last + retention.
     */
    public static class Seen {
        public long first;
        public long last;
        public long expiresAt;
        public String doc;

        public Seen() {}
    }

    private final long touchIntervalSeconds;
    private transient ValueState<Seen> seen;

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
    }

    @Override
    public void processElement(Sighting s, Context ctx, Collector<DiscoveryChange> out)
            throws Exception {
        Seen state = seen.value();
        String op;
        if (state == null) {
            state = new Seen();
            state.first = s.seenAt;
            op = DiscoveryChange.CREATED;
        } else if (s.seenAt >= state.last + touchIntervalSeconds) {
            ctx.timerService().deleteEventTimeTimer(state.expiresAt * 1000);
            op = DiscoveryChange.UPDATED;
        } else {
            return;
        }
        state.last = s.seenAt;
        state.doc = s.doc;
        state.expiresAt = s.seenAt + s.retentionSeconds;
        ctx.timerService().registerEventTimeTimer(state.expiresAt * 1000);
        seen.update(state);
        out.collect(change(op, s.type, s.bkBizId, s.appName, s.key, state));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<DiscoveryChange> out)
            throws Exception {
        Seen state = seen.value();
        if (state == null || state.expiresAt * 1000 != timestamp) {
            return;
        }
        String[] parts = ctx.getCurrentKey().split("\u0000", 4);
        out.collect(change(DiscoveryChange.EXPIRED, parts[0], parts[1], parts[2], parts[3], state));
        seen.clear();
    }

    private static DiscoveryChange change(
            String op, String type, String bkBizId, String appName, String key, Seen state) {
        DiscoveryChange c = new DiscoveryChange();
        c.op = op;
        c.type = type;
        c.bkBizId = bkBizId;
        c.appName = appName;
        c.key = key;
        c.doc = state.doc;
        c.firstSeen = state.first;
        c.lastSeen = state.last;
        if (DiscoveryChange.EXPIRED.equals(op)) {
            c.reason = DiscoveryChange.RETENTION;
        }
        return c;
    }
}
