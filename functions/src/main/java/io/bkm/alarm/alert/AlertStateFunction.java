package io.bkm.alarm.alert;

import io.bkm.alarm.model.Alert;
import io.bkm.alarm.model.Event;
import io.bkm.alarm.model.EventStatus;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by {@code dedupe_md5}: holds the current alert of a fingerprint, folds events into it and
 * emits the alert after every change.
 *
 * <p>Timers are processing-time timers set at timestamps derived from record times (never from the
 * clock), and every change written carries that scheduled time, so a replay writes the same
 * documents. An ended alert stays for {@link #RETAIN_ENDED_SECONDS} so late events of it can be
 * recognised, then its state is cleared.
 */
public class AlertStateFunction extends KeyedProcessFunction<String, Event, Alert> {
    /** bk-monitor keeps the ended alert in its content cache for 2 h. */
    public static final long RETAIN_ENDED_SECONDS = 7200;

    /** State name; part of the savepoint format, never rename. */
    public static final String STATE_ALERT = "alert";

    private transient ValueState<Alert> current;
    private transient Counter created;
    private transient Counter updated;
    private transient Counter ended;
    private transient Counter ignored;

    @Override
    public void open(OpenContext openContext) {
        current =
                getRuntimeContext().getState(new ValueStateDescriptor<>(STATE_ALERT, Alert.class));
        var metrics = getRuntimeContext().getMetricGroup();
        created = metrics.counter("alerts_created");
        updated = metrics.counter("alerts_updated");
        ended = metrics.counter("alerts_ended");
        ignored = metrics.counter("events_ignored");
    }

    @Override
    public void processElement(Event e, Context ctx, Collector<Alert> out) throws Exception {
        Alert a = current.value();
        boolean abnormalEvent = EventStatus.ABNORMAL.equals(e.status);
        if (a != null && a.isAbnormal()) {
            if (abnormalEvent) {
                long before = a.nextStatusTime;
                AlertBuilder.converge(a, e);
                reschedule(ctx, before, a.nextStatusTime);
                updated.inc();
            } else {
                ctx.timerService().deleteProcessingTimeTimer(a.nextStatusTime * 1000L);
                AlertBuilder.endByEvent(a, e);
                ctx.timerService().registerProcessingTimeTimer(cleanupAt(a));
                ended.inc();
            }
        } else if (abnormalEvent) {
            int generation = 0;
            long previousVersion = 0;
            if (a != null) {
                ctx.timerService().deleteProcessingTimeTimer(cleanupAt(a));
                generation = a.generation + 1;
                previousVersion = a.version;
            }
            a = AlertBuilder.create(e, generation, previousVersion);
            ctx.timerService().registerProcessingTimeTimer(a.nextStatusTime * 1000L);
            created.inc();
        } else {
            // bk-monitor: nothing to recover or close.
            ignored.inc();
            return;
        }
        current.update(a);
        out.collect(a);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        Alert a = current.value();
        if (a == null) {
            return;
        }
        if (a.isAbnormal() && a.nextStatusTime != null && a.nextStatusTime * 1000L == timestamp) {
            AlertBuilder.systemClose(a, a.nextStatusTime);
            ctx.timerService().registerProcessingTimeTimer(cleanupAt(a));
            ended.inc();
            current.update(a);
            out.collect(a);
        } else if (!a.isAbnormal() && timestamp == cleanupAt(a)) {
            current.clear();
        }
    }

    private static void reschedule(Context ctx, long beforeSeconds, long afterSeconds) {
        if (beforeSeconds != afterSeconds) {
            ctx.timerService().deleteProcessingTimeTimer(beforeSeconds * 1000L);
            ctx.timerService().registerProcessingTimeTimer(afterSeconds * 1000L);
        }
    }

    private static long cleanupAt(Alert a) {
        return (a.updateTime + RETAIN_ENDED_SECONDS) * 1000L;
    }
}
