package io.bkm.alarm.notice;

import io.bkm.alarm.common.QuietWatermarks;
import io.bkm.alarm.model.Action;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * The notices' event time, which convergence decides them in the order of: the end of their
 * create-time second (no earlier than the notice could have been made).
 */
public final class NoticeTimes {
    private NoticeTimes() {}

    /**
     * Timestamps and watermarks for the notices on their way to convergence: no later than a second
     * ahead of the clock, so a host clock ahead of ours neither holds a notice nor drags the
     * watermark along. The clock passes only recent notices: older ones (a backlog, a replay) are
     * passed by newer notices or decided at their window's release, so a replay decides them as the
     * notices alone say.
     */
    public static WatermarkStrategy<Action> watermarks(NoticeConvergeFunction.Settings s) {
        Duration order = Duration.ofMillis(s.orderMs());
        Duration patience = order.multipliedBy(10);
        return QuietWatermarks.strategy(
                new QuietWatermarks.Timing(order, order, patience, patience),
                (a, previous) -> Math.min(due(a), System.currentTimeMillis() + 1000));
    }

    /** When a notice is due: once no notice of its second can still come. */
    static long due(Action a) {
        return a.createTime * 1000L + 999;
    }
}
