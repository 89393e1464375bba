package io.bkm.alarm.notice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.bkm.alarm.SideOutputs;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.model.Action;
import io.bkm.alarm.model.AlertLog;
import io.bkm.alarm.model.AlertSummary;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** Notices held per window of create time, then summed up or sent as they are. */
class NoticeConvergeFunctionTest {
    static final long T0 = 1_716_950_040L; // a multiple of 120 s
    static final long RELEASE_MS = (T0 + 120 + 10) * 1000L;
    static final NoticeConvergeFunction.Settings ON =
            new NoticeConvergeFunction.Settings(120, 10, 3);

    private static KeyedOneInputStreamOperatorTestHarness<String, Action, Action> harness(
            NoticeConvergeFunction.Settings s) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, Action, Action> h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new NoticeConvergeFunction(s)),
                        NoticeConvergeFunction::key,
                        Types.STRING);
        h.setProcessingTime(T0 * 1000L);
        h.open();
        return h;
    }

    /** An abnormal notice of business 3 to group ops by mail, of the given fingerprint. */
    static Action notice(String alertId, String fingerprint, long time) {
        Action a = new Action();
        a.alertId = alertId;
        a.signal = Action.ABNORMAL;
        a.executeTimes = 1;
        a.id = alertId + ".abnormal.1";
        a.noticeWay = new String[] {"mail"};
        a.userGroups = new String[] {"ops"};
        a.createTime = time;
        a.alert = new AlertSummary();
        a.alert.id = alertId;
        a.alert.bkBizId = "3";
        a.alert.severity = 2;
        a.alert.status = "ABNORMAL";
        a.alert.dedupeMd5 = fingerprint;
        return a;
    }

    private static List<String> ids(List<Action> actions) {
        return actions.stream().map(a -> a.id).toList();
    }

    private static void assertNothingLeft(
            KeyedOneInputStreamOperatorTestHarness<String, Action, Action> h) {
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numProcessingTimeTimers()).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
    }

    @Test
    void threeAlertsOfOneBusinessBecomeOneSummaryAtTheWindowsRelease() throws Exception {
        try (var h = harness(ON)) {
            h.processElement(notice("a1", "fp1", T0 + 5), 0);
            h.processElement(notice("a2", "fp2", T0 + 1), 0);
            h.processElement(notice("a3", "fp3", T0 + 50), 0);
            Action other = notice("b1", "fp9", T0 + 7);
            other.alert.bkBizId = "4"; // another business: its own key
            h.processElement(other, 0);
            Action sms = notice("c1", "fp8", T0 + 8);
            sms.noticeWay = new String[] {"sms", "mail"}; // other ways: its own key
            h.processElement(sms, 0);

            h.setProcessingTime(RELEASE_MS - 1);
            assertThat(h.extractOutputValues()).isEmpty();
            h.setProcessingTime(RELEASE_MS);
            List<Action> out = h.extractOutputValues();
            assertThat(ids(out))
                    .containsExactlyInAnyOrder(
                            "a2.abnormal.1.collect", "b1.abnormal.1", "c1.abnormal.1");
            Action s = out.stream().filter(a -> a.convergedCount != null).findFirst().get();
            assertThat(s.actionType).isEqualTo("collect");
            assertThat(s.collectType).isEqualTo("business");
            assertThat(s.signal).isEqualTo("abnormal");
            assertThat(s.convergedCount).isEqualTo(3);
            assertThat(s.convergedActions)
                    .containsExactly("a2.abnormal.1", "a1.abnormal.1", "a3.abnormal.1");
            assertThat(s.alertIds).containsExactly("a2", "a1", "a3");
            assertThat(s.alertId).isEqualTo("a2");
            assertThat(s.alert.id).isEqualTo("a2");
            assertThat(s.userGroups).containsExactly("ops");
            assertThat(s.noticeWay).containsExactly("mail");
            assertThat(s.createTime).isEqualTo(T0 + 50);
            List<Action> folded = SideOutputs.drain(h, NoticeConvergeFunction.CONVERGED);
            assertThat(ids(folded))
                    .containsExactly("a2.abnormal.1", "a1.abnormal.1", "a3.abnormal.1");
            assertThat(folded).allMatch(a -> "a2.abnormal.1.collect".equals(a.convergeId));
            assertThat(out.stream().filter(a -> a.convergedCount == null))
                    .allMatch(a -> a.convergeId == null && a.actionType.equals("notice"));
            // each folded notice is logged on its alert, as of the summary; sent ones are not
            List<AlertLog> logs = SideOutputs.drain(h, NoticeConvergeFunction.LOGS);
            assertThat(logs)
                    .extracting(l -> l.id, l -> l.alertId, l -> l.eventId)
                    .containsExactly(
                            tuple("a2.abnormal.1.ACTION", "a2", "a2.abnormal.1"),
                            tuple("a1.abnormal.1.ACTION", "a1", "a1.abnormal.1"),
                            tuple("a3.abnormal.1.ACTION", "a3", "a3.abnormal.1"));
            assertThat(logs)
                    .allSatisfy(
                            l -> {
                                assertThat(l.opType).isEqualTo("ACTION");
                                assertThat(l.time).isEqualTo(T0 + 50);
                                assertThat(l.createTime).isEqualTo(T0 + 50);
                                assertThat(l.severity).isEqualTo(2);
                                assertThat(l.status).isEqualTo("ABNORMAL");
                            });
            assertThat(logs.get(1).description)
                    .isEqualTo(
                            "notice a1.abnormal.1 converged into a2.abnormal.1.collect: 3 notices"
                                    + " of business 3 to the same receivers within 120 s");
            assertNothingLeft(h);
        }
    }

    @Test
    void belowTheThresholdNoticesGoAsTheyAreAndOneFingerprintsAreSummedUp() throws Exception {
        try (var h = harness(ON)) {
            // an alert that ended and came back within the window: the same dimensions twice
            h.processElement(notice("a1", "fp1", T0 + 3), 0);
            h.processElement(notice("a4", "fp1", T0 + 90), 0);
            h.processElement(notice("a2", "fp2", T0 + 4), 0);
            h.setProcessingTime(RELEASE_MS);
            List<Action> out = h.extractOutputValues();
            assertThat(ids(out)).containsExactly("a1.abnormal.1.collect", "a2.abnormal.1");
            assertThat(out.get(0).collectType).isEqualTo("same_dimension");
            assertThat(out.get(0).convergedActions)
                    .containsExactly("a1.abnormal.1", "a4.abnormal.1");
            assertThat(ids(SideOutputs.drain(h, NoticeConvergeFunction.CONVERGED)))
                    .containsExactly("a1.abnormal.1", "a4.abnormal.1");
            assertThat(SideOutputs.drain(h, NoticeConvergeFunction.LOGS))
                    .extracting(l -> l.alertId, l -> l.time, l -> l.description)
                    .containsExactly(
                            tuple(
                                    "a1",
                                    T0 + 90,
                                    "notice a1.abnormal.1 converged into a1.abnormal.1.collect: 2"
                                            + " notices of the same dimensions to the same"
                                            + " receivers within 120 s"),
                            tuple(
                                    "a4",
                                    T0 + 90,
                                    "notice a4.abnormal.1 converged into a1.abnormal.1.collect: 2"
                                            + " notices of the same dimensions to the same"
                                            + " receivers within 120 s"));
            assertNothingLeft(h);
        }
    }

    @Test
    void theSameNoticesInAnyOrderLeaveTheSameOutput() throws Exception {
        List<Action> notices = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            notices.add(notice("a" + i, "fp" + (i % 4), T0 + 100 + 10 * (i % 3)));
        }
        // the next window: a2 and a5 (fp2, fp1), and one more of fp1
        notices.add(notice("n1", "fp1", T0 + 130));
        List<String> outputs = new ArrayList<>();
        for (int rotation = 0; rotation < notices.size(); rotation++) {
            try (var h = harness(ON)) {
                for (int i = 0; i < notices.size(); i++) {
                    h.processElement(notices.get((i * 3 + rotation) % notices.size()), 0);
                }
                h.setProcessingTime((T0 + 240 + 10) * 1000L);
                List<Object> all = new ArrayList<>(h.extractOutputValues());
                all.addAll(SideOutputs.drain(h, NoticeConvergeFunction.CONVERGED));
                all.addAll(SideOutputs.drain(h, NoticeConvergeFunction.LOGS));
                outputs.add(Json.MAPPER.writeValueAsString(all));
                assertNothingLeft(h);
            }
        }
        assertThat(outputs).containsOnly(outputs.get(0));
        assertThat(outputs.get(0))
                .contains("\"id\":\"a0.abnormal.1.collect\"")
                .contains("\"converged_count\":4")
                .contains("\"id\":\"a2.abnormal.1\",")
                .contains("\"id\":\"a5.abnormal.1.collect\"")
                .contains("\"id\":\"a5.abnormal.1.ACTION\"");
    }

    @Test
    void aBacklogsWindowWaitsAfterItsFirstNoticeAndALateNoticeStartsAnotherBatch()
            throws Exception {
        try (var h = harness(ON)) {
            long now = (T0 + 3600) * 1000L; // an hour behind: the window ended long ago
            h.setProcessingTime(now);
            h.processElement(notice("a1", "fp1", T0 + 5), 0);
            h.setProcessingTime(now + 9_000);
            h.processElement(notice("a2", "fp2", T0 + 6), 0);
            h.processElement(notice("a3", "fp3", T0 + 7), 0);
            assertThat(h.extractOutputValues()).isEmpty();
            h.setProcessingTime(now + 10_000);
            assertThat(ids(h.extractOutputValues())).containsExactly("a1.abnormal.1.collect");
            h.getOutput().clear();

            // later still, one more of that window: sent on its own after the wait, not lost
            h.setProcessingTime(now + 60_000);
            h.processElement(notice("a4", "fp4", T0 + 8), 0);
            h.setProcessingTime(now + 69_999);
            assertThat(h.extractOutputValues()).isEmpty();
            h.setProcessingTime(now + 70_000);
            assertThat(ids(h.extractOutputValues())).containsExactly("a4.abnormal.1");
            assertNothingLeft(h);
        }
    }

    @Test
    void aWindowAheadOfTheClockWaitsAtMostItsLength() throws Exception {
        try (var h = harness(ON)) {
            // a host clock an hour ahead: not held for the hour
            h.processElement(notice("a1", "fp1", T0 + 3600), 0);
            h.setProcessingTime(RELEASE_MS - 1);
            assertThat(h.extractOutputValues()).isEmpty();
            h.setProcessingTime(RELEASE_MS);
            assertThat(ids(h.extractOutputValues())).containsExactly("a1.abnormal.1");
            assertNothingLeft(h);
        }
    }

    @Test
    void theEndOfABoundedInputReleasesEveryWindow() throws Exception {
        try (var h = harness(ON)) {
            h.processElement(notice("a1", "fp1", T0 + 5), 0);
            h.processElement(notice("a2", "fp2", T0 + 500), 0);
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            assertThat(ids(h.extractOutputValues()))
                    .containsExactly("a1.abnormal.1", "a2.abnormal.1");
            assertThat(SideOutputs.drain(h, NoticeConvergeFunction.LOGS)).isEmpty();
            assertNothingLeft(h);
        }
    }

    @Test
    void heldNoticesSurviveARestoreAndAreReleasedOnce() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness(ON)) {
            for (int i = 0; i < 3; i++) {
                h.processElement(notice("a" + i, "fp" + i, T0 + i), 0);
            }
            snapshot = h.snapshot(1, T0 * 1000L);
        }
        KeyedOneInputStreamOperatorTestHarness<String, Action, Action> h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new NoticeConvergeFunction(ON)),
                        NoticeConvergeFunction::key,
                        Types.STRING);
        try (h) {
            h.setProcessingTime(T0 * 1000L);
            h.initializeState(snapshot);
            h.open();
            h.processElement(notice("a3", "fp3", T0 + 3), 0);
            h.setProcessingTime(RELEASE_MS);
            List<Action> out = h.extractOutputValues();
            assertThat(ids(out)).containsExactly("a0.abnormal.1.collect");
            assertThat(out.get(0).convergedCount).isEqualTo(4);
            assertNothingLeft(h);
        }
    }

    @Test
    void noticesHeldBeforeTheSettingsChangedAreStillReleased() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness(ON)) {
            for (int i = 0; i < 3; i++) {
                h.processElement(notice("a" + i, "fp" + i, T0 + 100 + i), 0);
            }
            snapshot = h.snapshot(1, T0 * 1000L);
        }
        // restored with 60 s windows (T0 + 100 now falls in another one), then with none
        for (var changed :
                List.of(
                        new NoticeConvergeFunction.Settings(60, 10, 3),
                        new NoticeConvergeFunction.Settings(0, 10, 3))) {
            KeyedOneInputStreamOperatorTestHarness<String, Action, Action> h =
                    new KeyedOneInputStreamOperatorTestHarness<>(
                            new KeyedProcessOperator<>(new NoticeConvergeFunction(changed)),
                            NoticeConvergeFunction::key,
                            Types.STRING);
            try (h) {
                h.setProcessingTime(T0 * 1000L);
                h.initializeState(snapshot);
                h.open();
                h.setProcessingTime(RELEASE_MS);
                assertThat(ids(h.extractOutputValues())).containsExactly("a0.abnormal.1.collect");
                assertNothingLeft(h);
            }
        }
    }

    @Test
    void aSummaryListsAtMostFiveHundredNotices() throws Exception {
        try (var h = harness(ON)) {
            for (int i = 0; i < 600; i++) {
                h.processElement(notice(String.format("a%03d", i), "fp" + i, T0 + 1), 0);
            }
            h.setProcessingTime(RELEASE_MS);
            Action s = h.extractOutputValues().get(0);
            assertThat(s.convergedCount).isEqualTo(600);
            assertThat(s.convergedActions).hasSize(500).startsWith("a000.abnormal.1");
            assertThat(s.alertIds).hasSize(500);
            assertThat(SideOutputs.drain(h, NoticeConvergeFunction.CONVERGED)).hasSize(600);
            // every folded notice is logged, listed in the summary or not
            assertThat(SideOutputs.drain(h, NoticeConvergeFunction.LOGS))
                    .hasSize(600)
                    .extracting(l -> l.alertId)
                    .doesNotHaveDuplicates();
        }
    }

    @Test
    void aZeroWindowSendsEveryNoticeAtOnceAndKeepsNothing() throws Exception {
        try (var h = harness(new NoticeConvergeFunction.Settings(0, 10, 3))) {
            for (int i = 0; i < 4; i++) {
                h.processElement(notice("a" + i, "fp" + i, T0), 0);
            }
            assertThat(h.extractOutputValues()).hasSize(4);
            assertNothingLeft(h);
        }
    }
}
