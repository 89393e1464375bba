package io.bkm.alarm.alert;

import io.bkm.alarm.fingerprint.Fingerprint;
import io.bkm.alarm.model.Alert;
import io.bkm.alarm.model.AlertLog;
import io.bkm.alarm.trigger.TriggerCounters;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Alert QoS (behaviour spec §3.6): more than {@code threshold} new alerts within {@code
 * windowSeconds} for one strategy, signal ({@code no_data} or abnormal) and severity (and, for
 * alerts without strategy, business and alert name) is a flood; the alerts past the threshold are
 * written {@code is_blocked} in every version until they end, and get no notices. Windows are
 * counted in the alerts' create times and live ten minutes; a blocked alert is logged {@code
 * ALERT_QOS} once.
 *
 * <p>As with bk-monitor's Redis counter, which alerts of a flood are past the threshold depends on
 * the order they arrive in from the fingerprints' parallel states; a replay after a failure decides
 * a flood again from the restored counts.
 */
public class AlertQosFunction extends KeyedProcessFunction<String, Alert, Alert> {
    public static final OutputTag<AlertLog> LOGS =
            new OutputTag<>("alert-qos-logs", TypeInformation.of(AlertLog.class));

    public static final String ALERT_QOS = "ALERT_QOS";

    /** State names; part of the savepoint format, never rename. */
    static final MapStateDescriptor<Long, Integer> COUNTS =
            withTtl(new MapStateDescriptor<>("alert-qos", Types.LONG, Types.INT), 10);

    /** Open alerts blocked, kept while they write versions (a week after the last one at most). */
    static final MapStateDescriptor<String, Boolean> BLOCKED =
            withTtl(
                    new MapStateDescriptor<>("alert-qos-blocked", Types.STRING, Types.BOOLEAN),
                    7 * 24 * 60);

    private final int threshold;
    private final long windowSeconds;
    private transient MapState<Long, Integer> counts;
    private transient MapState<String, Boolean> blocked;
    private transient TriggerCounters blockedCount;

    /**
     * @param threshold new alerts let through per window; 0 lets every alert through
     */
    public AlertQosFunction(int threshold, long windowSeconds) {
        this.threshold = threshold;
        this.windowSeconds = windowSeconds;
    }

    private static <K, V> MapStateDescriptor<K, V> withTtl(
            MapStateDescriptor<K, V> d, long minutes) {
        d.enableTimeToLive(
                StateTtlConfig.newBuilder(Duration.ofMinutes(minutes))
                        .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                        .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                        .build());
        return d;
    }

    /** bk-monitor's counter key: strategy, signal, severity, and the alert md5 without one. */
    public static String key(Alert a) {
        String signal = a.isNoData() ? "no_data" : "abnormal";
        String md5 = "";
        if (!a.hasStrategy()) {
            Map<String, Object> m = new TreeMap<>();
            m.put("bk_biz_id", a.bkBizId);
            m.put("alert_name", a.alertName);
            m.put("signal", signal);
            m.put("severity", a.severity);
            md5 = Fingerprint.of(m);
        }
        return (a.hasStrategy() ? a.strategyId : 0) + "|" + signal + "|" + a.severity + "|" + md5;
    }

    @Override
    public void open(OpenContext openContext) {
        counts = getRuntimeContext().getMapState(COUNTS);
        blocked = getRuntimeContext().getMapState(BLOCKED);
        blockedCount = new TriggerCounters(getRuntimeContext(), "alerts_qos_blocked");
    }

    @Override
    public void processElement(Alert a, Context ctx, Collector<Alert> out) throws Exception {
        if (a.created && threshold > 0) {
            long window = Math.floorDiv(a.createTime, windowSeconds) * windowSeconds;
            Integer n = counts.get(window);
            int seen = n == null ? 0 : n;
            counts.put(window, seen + 1);
            if (seen >= threshold) {
                blockedCount.inc();
                ctx.output(LOGS, log(a));
                blocked.put(a.id, true);
            }
        }
        if (blocked.contains(a.id)) {
            a.isBlocked = true;
            if (a.isAbnormal()) {
                blocked.put(a.id, true); // keeps the entry alive while the alert lasts
            } else {
                blocked.remove(a.id);
            }
        }
        out.collect(a);
    }

    private AlertLog log(Alert a) {
        return AlertLogs.flowControl(
                a.id + "." + ALERT_QOS,
                a.id,
                ALERT_QOS,
                a.createTime,
                "blocked: more than "
                        + threshold
                        + " new alerts of this strategy, signal and severity within "
                        + windowSeconds
                        + " s",
                a.severity,
                a.status);
    }
}
