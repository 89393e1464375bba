package io.bkm.alarm.notice;

import io.bkm.alarm.alert.AlertLogs;
import io.bkm.alarm.model.Action;
import io.bkm.alarm.model.AlertLog;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a convergence window's held notices become at its release (behaviour spec §7.3): one
 * business summary when the window saw {@code threshold} or more alerts, otherwise one
 * same-dimension summary per alert that already had its notice; a held notice of an alert that had
 * none goes as it is. Each notice folded into a summary gets an {@code ACTION} log on its alert.
 */
final class NoticeSummaries implements Serializable {
    static final String SAME_DIMENSION = "same_dimension";
    static final String BUSINESS = "business";

    /** A summary lists this many notices and alerts at most, so it stays a small message. */
    static final int MAX_LISTED = 500;

    /** Where a release goes. */
    interface Out {
        /** A held notice sent as it is. */
        void send(Action notice);

        /** A summary, sent in place of its notices. */
        void summary(Action summary);

        /** A notice summed up (its {@code converge_id} set), and its alert's log of that. */
        void folded(Action notice, AlertLog log);
    }

    private final int threshold;
    private final long windowSeconds;

    NoticeSummaries(int threshold, long windowSeconds) {
        this.threshold = threshold;
        this.windowSeconds = windowSeconds;
    }

    /** The alert a notice is of: its strategy and fingerprint. */
    static String fingerprint(Action a) {
        return a.alert.strategyId + "|" + a.alert.dedupeMd5;
    }

    /**
     * @param held the window's held notices
     * @param alerts the window's alerts (fingerprints) → whether their notice went at once
     */
    void release(List<Action> held, Map<String, Boolean> alerts, Out out) {
        held.sort(Comparator.<Action>comparingLong(a -> a.createTime).thenComparing(a -> a.id));
        Map<String, List<Action>> byFingerprint = new LinkedHashMap<>();
        for (Action a : held) {
            byFingerprint.computeIfAbsent(fingerprint(a), k -> new ArrayList<>()).add(a);
        }
        Set<String> all = new LinkedHashSet<>(alerts.keySet());
        all.addAll(byFingerprint.keySet());
        if (all.size() >= threshold) {
            summary(BUSINESS, held, out);
            return;
        }
        for (Map.Entry<String, List<Action>> same : byFingerprint.entrySet()) {
            List<Action> notices = same.getValue();
            if (notices.size() == 1 && !Boolean.TRUE.equals(alerts.get(same.getKey()))) {
                out.send(notices.get(0));
            } else {
                summary(SAME_DIMENSION, notices, out);
            }
        }
    }

    private void summary(String type, List<Action> notices, Out out) {
        Action first = notices.get(0);
        Action s = new Action();
        s.id = first.id + "." + Action.COLLECT;
        s.alertId = first.alertId;
        s.signal = first.signal;
        s.actionType = Action.COLLECT;
        s.collectType = type;
        s.noticeWay = first.noticeWay;
        s.userGroups = first.userGroups;
        s.executeTimes = 1;
        s.isUpgrade = first.isUpgrade;
        s.createTime = notices.get(notices.size() - 1).createTime;
        s.alert = first.alert;
        s.convergedCount = notices.size();
        s.convergedActions =
                notices.stream().limit(MAX_LISTED).map(a -> a.id).toArray(String[]::new);
        Set<String> alertIds = new LinkedHashSet<>();
        for (Action a : notices) {
            if (alertIds.size() < MAX_LISTED) {
                alertIds.add(a.alertId);
            }
        }
        s.alertIds = alertIds.toArray(new String[0]);
        out.summary(s);
        for (Action a : notices) {
            a.convergeId = s.id;
            out.folded(a, log(a, s));
        }
    }

    /**
     * The alert log of a notice folded into summary {@code s}, dated as the summary: what the
     * notice's alert shows instead of a notice sent. Its id follows from the notice's.
     */
    private AlertLog log(Action a, Action s) {
        String of =
                BUSINESS.equals(s.collectType)
                        ? "business " + a.alert.bkBizId
                        : "the same dimensions";
        AlertLog l =
                AlertLogs.flowControl(
                        a.id + "." + AlertLog.ACTION,
                        a.alertId,
                        AlertLog.ACTION,
                        s.createTime,
                        "notice "
                                + a.id
                                + " converged into "
                                + s.id
                                + ": "
                                + s.convergedCount
                                + " notices of "
                                + of
                                + " to the same receivers within "
                                + windowSeconds
                                + " s",
                        a.alert.severity,
                        a.alert.status);
        l.eventId = a.id;
        return l;
    }
}
