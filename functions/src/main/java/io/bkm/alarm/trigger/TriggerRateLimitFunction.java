package io.bkm.alarm.trigger;

import io.bkm.alarm.common.Counters;
import io.bkm.alarm.common.WindowCounts;
import io.bkm.alarm.model.Event;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
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
            WindowCounts.descriptor("trigger-rate-by-time");

    private final int limit;
    private transient WindowCounts counts;
    private transient Counters.Count limited;

    public TriggerRateLimitFunction(int limit) {
        this.limit = limit;
    }

    public static String key(Event e) {
        return Long.toString(e.strategyId);
    }

    @Override
    public void open(OpenContext openContext) {
        counts = new WindowCounts(getRuntimeContext().getMapState(COUNTS), 1);
        limited = new Counters(getRuntimeContext(), "trigger").count("rate_limited");
    }

    @Override
    public void processElement(Event e, Context ctx, Collector<Event> out) throws Exception {
        if (counts.addBelow(e.time, limit)) {
            out.collect(e);
        } else {
            limited.inc();
        }
    }
}
