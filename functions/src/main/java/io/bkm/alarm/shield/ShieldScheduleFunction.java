package io.bkm.alarm.shield;

import io.bkm.alarm.common.DeadLetters;
import io.bkm.alarm.common.InvalidInputException;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.common.Reasons;
import io.bkm.alarm.model.DeadLetter;
import io.bkm.alarm.model.RawMessage;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Makes shields start and end on time: keyed by shield id, it holds each shield's config and a
 * processing-time timer at its next start or end, and then sends a {@code shield-tick:{id}} record
 * stamped with that boundary, which the alert state receives with the config (broadcast) and
 * applies to the alerts of the shield's business. The tick after which a shield never holds again
 * carries {@link #ENDED}; with it the config and timer go. Invalid shield records are reported
 * here, once, as dead letters.
 */
public class ShieldScheduleFunction extends KeyedProcessFunction<Long, RawMessage, RawMessage> {
    /** Value of the last tick of a shield: it will not hold again. */
    public static final String ENDED = "ended";

    /** State names; part of the savepoint format, never rename. */
    static final ValueStateDescriptor<String> CONFIG =
            new ValueStateDescriptor<>("shield-config", Types.STRING);

    static final ValueStateDescriptor<Long> NEXT =
            new ValueStateDescriptor<>("shield-next-boundary", Types.LONG);

    private final String timeZone;
    private final int maxMessageBytes;
    private transient ZoneId zone;
    private transient ValueState<String> config;
    private transient ValueState<Long> next;
    private transient DeadLetters deadLetters;

    public ShieldScheduleFunction(String timeZone, int maxMessageBytes) {
        this.timeZone = timeZone;
        this.maxMessageBytes = maxMessageBytes;
    }

    /** The key: the shield id of a {@code shield:{id}} record, -1 when malformed. */
    public static long key(RawMessage config) {
        Long id = Shields.idOf(config);
        return id == null ? -1 : id;
    }

    /** Which config records this operator reads. */
    public static boolean isShield(RawMessage config) {
        return Shields.idOf(config) != null;
    }

    @Override
    public void open(OpenContext openContext) {
        zone = ZoneId.of(timeZone);
        config = getRuntimeContext().getState(CONFIG);
        next = getRuntimeContext().getState(NEXT);
        deadLetters = new DeadLetters(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(RawMessage record, Context ctx, Collector<RawMessage> out)
            throws Exception {
        long id = ctx.getCurrentKey();
        if (id < 0) {
            refuse(record, "config key " + record.key + " has no numeric id", ctx);
            return;
        }
        Shield shield;
        try {
            shield = Shields.parse(record, id, zone, maxMessageBytes);
        } catch (InvalidInputException e) {
            refuse(record, e.getMessage(), ctx);
            return;
        }
        cancel(ctx);
        if (shield == null) {
            config.clear();
            return;
        }
        config.update(new String(record.value, StandardCharsets.UTF_8));
        long now = Math.max(record.timestamp, ctx.timerService().currentProcessingTime()) / 1000;
        schedule(shield, now, ctx);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<RawMessage> out)
            throws Exception {
        Long due = next.value();
        String json = config.value();
        if (due == null || due != timestamp || json == null) {
            return;
        }
        next.clear();
        long at = timestamp / 1000;
        Shield shield;
        try {
            shield = Shield.parse(Json.MAPPER.readTree(json), ctx.getCurrentKey(), zone);
        } catch (InvalidInputException e) {
            config.clear(); // validated when stored: only a changed time zone gets here
            return;
        }
        // a boundary long past (a restore after downtime) is caught up at once, not one by one
        long from = Math.max(at, ctx.timerService().currentProcessingTime() / 1000 - 1);
        boolean over =
                !shield.times.activeAt(from) && shield.times.nextChange(from) == Long.MAX_VALUE;
        RawMessage tick = new RawMessage();
        tick.topic = "";
        tick.key = Shields.TICK_KEY_PREFIX + ctx.getCurrentKey();
        tick.timestamp = timestamp;
        tick.value = over ? ENDED.getBytes(StandardCharsets.UTF_8) : null;
        out.collect(tick);
        if (over) {
            config.clear();
        } else {
            schedule(shield, from, ctx);
        }
    }

    private void schedule(Shield shield, long now, Context ctx) throws Exception {
        long change = shield.times.nextChange(now);
        if (change == Long.MAX_VALUE) {
            if (!shield.times.activeAt(now)) {
                // over already: one tick now tells the alert state to forget it
                change = now;
            } else {
                return;
            }
        }
        long at = change * 1000L;
        ctx.timerService().registerProcessingTimeTimer(at);
        next.update(at);
    }

    private void cancel(Context ctx) throws Exception {
        Long due = next.value();
        if (due != null) {
            ctx.timerService().deleteProcessingTimeTimer(due);
            next.clear();
        }
    }

    private void refuse(RawMessage record, String detail, Context ctx) {
        deadLetters.count(Reasons.INVALID_VALUE);
        ctx.output(DeadLetters.TAG, DeadLetter.of(record, Reasons.INVALID_VALUE, detail));
    }
}
