package io.bkm.alarm.notice;

import io.bkm.alarm.model.NoticeState;
import io.bkm.alarm.strategy.Strategy;
import org.apache.flink.streaming.api.TimerService;

/**
 * An alert's two notice timers, kept in its {@link NoticeState}: the next repeat every {@code
 * notify_interval} ({@code standard}) or {@code notify_interval × 2^(n−1)} ({@code increasing}),
 * and the next upgrade (§5.3 UpgradeChecker).
 */
final class NoticeTimers {
    /** bk-monitor checks upgrades against the clock this far ahead. */
    static final long UPGRADE_AHEAD_SECONDS = 30;

    private NoticeTimers() {}

    /** The interval before repeat number {@code executeTimes + 1}, seconds; 0: no repeats. */
    static long interval(Strategy.Notice notice, int executeTimes) {
        if (notice == null || notice.config == null || notice.config.notifyInterval <= 0) {
            return 0;
        }
        long base = notice.config.notifyInterval;
        if ("increasing".equals(notice.config.intervalNotifyMode)) {
            return base << Math.min(30, Math.max(0, executeTimes - 1));
        }
        return base;
    }

    static void scheduleRepeat(NoticeState st, Strategy.Notice notice, TimerService timers) {
        cancelRepeat(st, timers);
        long interval = interval(notice, st.executeTimes);
        if (interval > 0) {
            st.repeatTimer = (st.lastNoticeTime + interval) * 1000L;
            timers.registerProcessingTimeTimer(st.repeatTimer);
        }
    }

    static void cancelRepeat(NoticeState st, TimerService timers) {
        if (st.repeatTimer != 0) {
            timers.deleteProcessingTimeTimer(st.repeatTimer);
            st.repeatTimer = 0;
        }
    }

    /**
     * Unacked {@code upgrade_interval} minutes after the alert began (then after the last upgrade),
     * the next of the upgrade user groups is notified; bk-monitor checks against the clock 30 s
     * ahead, so each upgrade comes 30 s before the interval is up.
     */
    static void scheduleUpgrade(NoticeState st, Strategy.Notice notice, TimerService timers) {
        cancelUpgrade(st, timers);
        Strategy.UpgradeConfig u = upgradeConfig(notice);
        if (u == null || st.upgrades >= u.userGroups.size()) {
            return;
        }
        long from = st.upgrades == 0 ? st.alert.beginTime : st.lastUpgradeTime;
        st.upgradeTimer = (from + u.upgradeInterval * 60L - UPGRADE_AHEAD_SECONDS) * 1000L;
        timers.registerProcessingTimeTimer(st.upgradeTimer);
    }

    static void cancelUpgrade(NoticeState st, TimerService timers) {
        if (st.upgradeTimer != 0) {
            timers.deleteProcessingTimeTimer(st.upgradeTimer);
            st.upgradeTimer = 0;
        }
    }

    /** Both timers go: the alert ended, was acked, or flaps. */
    static void cancelAll(NoticeState st, TimerService timers) {
        cancelRepeat(st, timers);
        cancelUpgrade(st, timers);
    }

    /** The notice's upgrade settings if upgrades are on; null otherwise. */
    static Strategy.UpgradeConfig upgradeConfig(Strategy.Notice notice) {
        if (notice == null || notice.config == null || notice.config.upgradeConfig == null) {
            return null;
        }
        Strategy.UpgradeConfig u = notice.config.upgradeConfig;
        return u.isEnabled && u.upgradeInterval > 0 && !u.userGroups.isEmpty() ? u : null;
    }

    /**
     * ActionHandleChecker's condition besides the interval: unacked, not recovering, new events.
     */
    static boolean repeatable(NoticeState st) {
        return !st.alert.isAck
                && !st.recovering
                && st.alert.latestTime != null
                && st.alert.latestTime > st.noticedLatestTime;
    }
}
