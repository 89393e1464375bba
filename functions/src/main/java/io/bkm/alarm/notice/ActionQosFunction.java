package io.bkm.alarm.notice;

import io.bkm.alarm.alert.AlertLogs;
import io.bkm.alarm.common.Counters;
import io.bkm.alarm.common.WindowCounts;
import io.bkm.alarm.model.Action;
import io.bkm.alarm.model.AlertLog;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Action QoS (behaviour spec §7.1): at most {@code limit} actions per {@code windowSeconds} for one
 * strategy, signal, severity and fingerprint (bk-monitor's QOS_DROP_ACTION_THRESHOLD 100 per
 * QOS_DROP_ACTION_WINDOW 60 s); the excess is dropped and logged {@code ACTION_QOS} on its alert.
 * Windows are counted in the actions' own times, so a replay drops the same ones; counts live ten
 * minutes.
 */
public class ActionQosFunction extends KeyedProcessFunction<String, Action, Action> {
    public static final OutputTag<AlertLog> LOGS =
            new OutputTag<>("action-qos-logs", TypeInformation.of(AlertLog.class));

    public static final String ACTION_QOS = "ACTION_QOS";

    /** Window start → actions let through, and dropped. State name is part of savepoints. */
    static final MapStateDescriptor<Long, Integer> COUNTS = WindowCounts.descriptor("action-qos");

    private final int limit;
    private final long windowSeconds;
    private transient WindowCounts counts;
    private transient Counters.Count dropped;

    public ActionQosFunction(int limit, long windowSeconds) {
        this.limit = limit;
        this.windowSeconds = windowSeconds;
    }

    public static String key(Action a) {
        return a.alert.strategyId
                + "|"
                + a.signal
                + "|"
                + a.alert.severity
                + "|"
                + a.alert.dedupeMd5;
    }

    @Override
    public void open(OpenContext openContext) {
        counts = new WindowCounts(getRuntimeContext().getMapState(COUNTS), windowSeconds);
        dropped = new Counters(getRuntimeContext(), "action_qos").count("dropped");
    }

    @Override
    public void processElement(Action a, Context ctx, Collector<Action> out) throws Exception {
        int seen = counts.add(a.createTime);
        if (limit <= 0 || seen < limit) {
            out.collect(a);
            return;
        }
        dropped.inc();
        ctx.output(LOGS, log(a));
    }

    /** The alert log of a dropped action; its id follows from the action's. */
    AlertLog log(Action a) {
        return AlertLogs.flowControl(
                a.id + "." + ACTION_QOS,
                a.alertId,
                ACTION_QOS,
                a.createTime,
                "action "
                        + a.id
                        + " dropped: more than "
                        + limit
                        + " "
                        + a.signal
                        + " actions within "
                        + windowSeconds
                        + " s",
                a.alert.severity,
                a.alert.status);
    }
}
