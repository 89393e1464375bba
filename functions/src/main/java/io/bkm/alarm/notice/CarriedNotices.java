package io.bkm.alarm.notice;

import io.bkm.alarm.model.Alert;
import io.bkm.alarm.model.AlertSummary;
import io.bkm.alarm.model.NoticeState;
import io.bkm.alarm.strategy.Strategy;
import org.apache.flink.streaming.api.TimerService;

/**
 * The notice state of an open alert another system raised and already told of, as if this job had
 * sent its notices: its next version sends no second abnormal notice, and its repeats and upgrades
 * continue from where that system left them.
 */
public final class CarriedNotices {
    private CarriedNotices() {}

    /**
     * What the other system did about an alert's notices.
     *
     * @param rounds abnormal rounds sent (at least 1: the alert was notified when it opened)
     * @param lastNoticeTime when the last round went out, epoch seconds
     * @param noticedLatestTime the alert's latest time at that round: repeats need newer events
     * @param ackNoticed the acknowledgement was notified
     * @param upgrades upgrade notices sent
     * @param lastUpgradeTime when the last went out, epoch seconds (0: none)
     * @param neverSent every round was held back (shielded or blocked): its end is told nobody
     */
    public record History(
            int rounds,
            long lastNoticeTime,
            long noticedLatestTime,
            boolean ackNoticed,
            int upgrades,
            long lastUpgradeTime,
            boolean neverSent) {}

    /**
     * The state, with its repeat and upgrade timers registered where the notice operator would have
     * them.
     *
     * @param notice the alert's notice config (its strategy's, or the default), or null
     */
    public static NoticeState state(
            Alert a, History h, Strategy.Notice notice, TimerService timers) {
        NoticeState st = new NoticeState();
        st.alert = AlertSummary.of(a);
        st.notifiedSeverity = a.severity;
        st.executeTimes = Math.max(1, h.rounds());
        st.lastNoticeTime = h.lastNoticeTime();
        st.noticedLatestTime = h.noticedLatestTime();
        st.ackNoticed = h.ackNoticed();
        st.upgrades = h.upgrades();
        st.lastUpgradeTime = h.lastUpgradeTime();
        st.recovering = a.recovering;
        st.noData = a.isNoData();
        st.shielded = Boolean.TRUE.equals(a.isShielded);
        st.neverSent = h.neverSent();
        // a shield held back what was due: its end sends the unshield notice
        st.suppressed = st.shielded;
        if (!st.alert.isAck) {
            NoticeTimers.scheduleRepeat(st, notice, timers);
            NoticeTimers.scheduleUpgrade(st, notice, timers);
        }
        return st;
    }
}
