package io.bkm.alarm.trigger;

import io.bkm.alarm.common.Counters;
import io.bkm.alarm.common.StateTtl;
import io.bkm.alarm.model.Event;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * At most {@code limit} triggered events per strategy and data time (bk-monitor's
 * TRIGGER_EVENT_RATE_LIMIT_THRESHOLD, 5 000, behaviour spec §1.1.11): a strategy matching a whole
 * fleet at once must not flood the alert state. Keyed by strategy, with a count per data time that
 * lives 10 minutes, as bk-monitor's key does. Excess events are dropped and counted.
 *
 * <p>Not keyed by strategy and data time: the events of one fingerprint at different data times
 * would then pass through different subtasks and could reach the alert state out of order, so an
 * alert's first event would depend on timing (a restart showed it).
 */
public class TriggerRateLimitFunction extends KeyedProcessFunction<String, Event, Event> {
    public static final int DEFAULT_LIMIT = 5000;

    /** Data time → events let through. State name is part of savepoints, never rename. */
    static final MapStateDescriptor<Long, Integer> COUNTS =
            StateTtl.afterWrite(
                    new MapStateDescriptor<>("trigger-rate-by-time", Types.LONG, Types.INT),
                    Duration.ofMinutes(10));

    private final int limit;
    private transient MapState<Long, Integer> counts;
    private transient Counters.Count limited;

    public TriggerRateLimitFunction(int limit) {
        this.limit = limit;
    }

    public static String key(Event e) {
        return Long.toString(e.strategyId);
    }

    @Override
    public void open(OpenContext openContext) {
        counts = getRuntimeContext().getMapState(COUNTS);
        limited = new Counters(getRuntimeContext(), "trigger").count("rate_limited");
    }

    @Override
    public void processElement(Event e, Context ctx, Collector<Event> out) throws Exception {
        Integer n = counts.get(e.time);
        if (n != null && n >= limit) {
            limited.inc();
            return;
        }
        counts.put(e.time, n == null ? 1 : n + 1);
        out.collect(e);
    }
}
