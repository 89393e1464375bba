package io.bkm.alarm.notice;

import io.bkm.alarm.model.Action;
import io.bkm.alarm.model.NoticeState;
import io.bkm.alarm.strategy.Strategy;

/** Notice actions (contract §5) as a strategy's notice config makes them. */
final class NoticeActions {
    private NoticeActions() {}

    /**
     * One notice of the alert: id {@code {alert_id}.{signal}.{round}}, so repeats can be dropped.
     */
    static Action of(NoticeState st, String signal, int round, Strategy.Notice notice, long at) {
        Action a = new Action();
        a.alertId = st.alert.id;
        a.signal = signal;
        a.executeTimes = round;
        a.id = a.alertId + "." + signal + "." + round;
        a.noticeWay = notice.noticeWays.toArray(new String[0]);
        a.userGroups = notice.userGroups.toArray(new String[0]);
        a.createTime = at;
        a.alert = st.alert;
        return a;
    }

    /**
     * Whether the notice goes out for this signal; alerts without strategy: abnormal only (§7.1).
     */
    static boolean subscribed(Strategy.Notice notice, String signal) {
        return notice.signal.contains(signal);
    }
}
