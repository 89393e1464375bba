package io.bkm.alarm.alert;

import io.bkm.alarm.common.Counters;
import io.bkm.alarm.common.StateTtl;
import io.bkm.alarm.common.WindowCounts;
import io.bkm.alarm.fingerprint.Fingerprint;
import io.bkm.alarm.model.Alert;
import io.bkm.alarm.model.AlertChange;
import io.bkm.alarm.model.AlertLog;
import io.bkm.alarm.model.AlertOp;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Alert QoS (behaviour spec §3.6): more than {@code threshold} new alerts within {@code
 * windowSeconds} for one strategy, signal ({@code no_data} or abnormal) and severity (and, for
 * alerts without strategy, business and alert name) is a flood; the alerts past the threshold are
 * written {@code is_blocked} and get no notices. Windows are counted in the alerts' create times
 * and live ten minutes; blocking is logged {@code ALERT_QOS}.
 *
 * <p>A blocked alert that takes a new event once the flood is over (the window of the event no
 * longer past the threshold) is released as §4.3 says: closed, and a new alert opened from the
 * event. Only the alert state can do that, and it sits before this function, so the release goes
 * back to it as a {@link #RELEASES} record over its own Kafka topic. Kafka transactions make that
 * loop exactly-once: a release is read only once the checkpoint that made it is complete. Until the
 * alert state has closed it, the alert stays blocked.
 *
 * <p>As with bk-monitor's Redis counter, which alerts of a flood are past the threshold depends on
 * the order they arrive in from the fingerprints' parallel states; a replay after a failure decides
 * a flood again from the restored counts.
 */
public class AlertQosFunction extends KeyedProcessFunction<String, AlertChange, AlertChange> {
    public static final OutputTag<AlertLog> LOGS =
            new OutputTag<>("alert-qos-logs", TypeInformation.of(AlertLog.class));

    /** Releases of blocked alerts, for the alert state to close them (§4.3). */
    public static final OutputTag<AlertOp> RELEASES =
            new OutputTag<>("alert-qos-releases", TypeInformation.of(AlertOp.class));

    public static final String ALERT_QOS = "ALERT_QOS";

    /** A blocked alert whose release is on its way to the alert state. */
    static final long RELEASING = -1;

    /** State names; part of the savepoint format, never rename. */
    static final MapStateDescriptor<Long, Integer> COUNTS = WindowCounts.descriptor("alert-qos");

    /**
     * Open alerts blocked → their event count as last seen, or {@link #RELEASING}; kept while they
     * write versions (a week after the last one at most).
     */
    static final MapStateDescriptor<String, Long> BLOCKED =
            StateTtl.afterWrite(
                    new MapStateDescriptor<>("alert-qos-blocked", Types.STRING, Types.LONG),
                    Duration.ofDays(7));

    private final int threshold;
    private final long windowSeconds;
    private transient WindowCounts counts;
    private transient MapState<String, Long> blocked;
    private transient Counters.Count blockedCount;
    private transient Counters.Count released;

    /**
     * @param threshold new alerts let through per window; 0 lets every alert through
     */
    public AlertQosFunction(int threshold, long windowSeconds) {
        this.threshold = threshold;
        this.windowSeconds = windowSeconds;
    }

    /** The counter key of the change's alert, worked out where the alert is. */
    public static String key(AlertChange c) {
        return c.qosKey;
    }

    /**
     * bk-monitor's counter key: strategy, signal, severity, and the alert md5 without one. Fixed
     * for an alert's life, so it is worked out once and kept with the alert.
     */
    static String key(Alert a) {
        if (a.qosKey == null) {
            a.qosKey = counterKey(a);
        }
        return a.qosKey;
    }

    private static String counterKey(Alert a) {
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
        counts = new WindowCounts(getRuntimeContext().getMapState(COUNTS), windowSeconds);
        blocked = getRuntimeContext().getMapState(BLOCKED);
        Counters counters = new Counters(getRuntimeContext(), "alert_qos");
        blockedCount = counters.count("blocked");
        released = counters.count("released");
    }

    @Override
    public void processElement(AlertChange a, Context ctx, Collector<AlertChange> out)
            throws Exception {
        long events = a.eventCount;
        if (a.created && threshold > 0) {
            int seen = counts.add(a.createTime);
            if (seen >= threshold) {
                blockedCount.inc();
                ctx.output(LOGS, log(a, a.createTime));
                blocked.put(a.id(), events);
            }
        }
        Long eventsBefore = blocked.get(a.id());
        if (eventsBefore != null) {
            AlertChanges.block(a);
            if (!a.isAbnormal()) {
                blocked.remove(a.id());
            } else {
                // the window's count is read, not counted (§4.3)
                boolean release =
                        eventsBefore != RELEASING
                                && events > eventsBefore
                                && counts.get(a.updateTime) <= threshold;
                if (release) {
                    released.inc();
                    ctx.output(RELEASES, release(a));
                }
                // a put keeps the entry alive while the alert lasts
                blocked.put(a.id(), release || eventsBefore == RELEASING ? RELEASING : events);
            }
        }
        out.collect(a);
    }

    private AlertLog log(AlertChange a, long at) {
        return AlertLogs.flowControl(
                a.id() + "." + ALERT_QOS + ".blocked",
                a.id(),
                ALERT_QOS,
                at,
                "blocked: more than " + threshold + " new alerts " + scope(),
                a.alert.severity,
                a.alert.status);
    }

    /** What the alert state needs to close the alert and open another from its newest event. */
    private AlertOp release(AlertChange a) {
        AlertOp op = new AlertOp();
        op.op = AlertOp.QOS_RELEASE;
        op.alertId = a.id();
        op.dedupeMd5 = a.alert.dedupeMd5;
        op.operator = "system";
        op.time = a.updateTime;
        op.reason = "flow control released: no more than " + threshold + " new alerts " + scope();
        return op;
    }

    private String scope() {
        return "of this strategy, signal and severity within " + windowSeconds + " s";
    }
}
