package io.bkm.alarm.trigger;

import io.bkm.alarm.model.Event;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * At most {@code limit} triggered events per strategy and data time (bk-monitor's
 * TRIGGER_EVENT_RATE_LIMIT_THRESHOLD, 5 000, behaviour spec §1.1.11): a strategy matching a whole
 * fleet at once must not flood the alert state. Keyed by {@code strategy|time}; the count lives 10
 * minutes, as bk-monitor's key does. Excess events are dropped and counted.
 */
public class TriggerRateLimitFunction extends KeyedProcessFunction<String, Event, Event> {
    public static final int DEFAULT_LIMIT = 5000;

    static final ValueStateDescriptor<Integer> COUNT = count();

    private final int limit;
    private transient ValueState<Integer> count;
    private transient TriggerCounters limited;

    public TriggerRateLimitFunction(int limit) {
        this.limit = limit;
    }

    private static ValueStateDescriptor<Integer> count() {
        ValueStateDescriptor<Integer> d = new ValueStateDescriptor<>("trigger-rate", Types.INT);
        d.enableTimeToLive(
                StateTtlConfig.newBuilder(java.time.Duration.ofMinutes(10))
                        .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                        .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                        .build());
        return d;
    }

    public static String key(Event e) {
        return e.strategyId + "|" + e.time;
    }

    @Override
    public void open(OpenContext openContext) {
        count = getRuntimeContext().getState(COUNT);
        limited = new TriggerCounters(getRuntimeContext(), "rate_limited");
    }

    @Override
    public void processElement(Event e, Context ctx, Collector<Event> out) throws Exception {
        int n = count.value() == null ? 0 : count.value();
        if (n >= limit) {
            limited.inc();
            return;
        }
        count.update(n + 1);
        out.collect(e);
    }
}
