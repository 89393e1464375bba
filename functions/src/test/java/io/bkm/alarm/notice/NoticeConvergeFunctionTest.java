package io.bkm.alarm.notice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.bkm.alarm.SideOutputs;
import io.bkm.alarm.common.EndOfInputKeyedProcessOperator;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.model.Action;
import io.bkm.alarm.model.AlertLog;
import io.bkm.alarm.model.AlertSummary;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The first notices of a window of create time at once, in the order of their times; the rest held
 * and summed up at the window's release.
 */
class NoticeConvergeFunctionTest {
    static final long T0 = 1_716_950_040L; // a multiple of 120 s
    static final long RELEASE_MS = (T0 + 120 + 10) * 1000L;
    static final NoticeConvergeFunction.Settings ON =
            new NoticeConvergeFunction.Settings(120, 10, 3);

    private static KeyedOneInputStreamOperatorTestHarness<String, Action, Action> harness(
            NoticeConvergeFunction.Settings s) throws Exception {
        return restored(s, null);
    }

    /** A harness opened on {@code snapshot} (null: a fresh start), the clock at T0. */
    private static KeyedOneInputStreamOperatorTestHarness<String, Action, Action> restored(
            NoticeConvergeFunction.Settings s, OperatorSubtaskState snapshot) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, Action, Action> h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new EndOfInputKeyedProcessOperator<>(new NoticeConvergeFunction(s)),
                        NoticeConvergeFunction::key,
                        Types.STRING);
        h.setProcessingTime(T0 * 1000L);
        if (snapshot != null) {
            h.initializeState(snapshot);
        }
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

    /** A notice arrives with the time {@link NoticeTimes} stamps it with. */
    private static void arrive(
            KeyedOneInputStreamOperatorTestHarness<String, Action, Action> h, Action a)
            throws Exception {
        h.processElement(a, NoticeTimes.due(a));
    }

    /** The watermark passes notices made up to and including second {@code time}. */
    private static void passed(
            KeyedOneInputStreamOperatorTestHarness<String, Action, Action> h, long time)
            throws Exception {
        h.processWatermark(new Watermark(time * 1000L + 999));
    }

    /** What was sent since the last call. */
    private static List<String> sent(
            KeyedOneInputStreamOperatorTestHarness<String, Action, Action> h) {
        List<String> ids = ids(h.extractOutputValues());
        h.getOutput().clear();
        return ids;
    }

    private static List<String> ids(List<Action> actions) {
        return actions.stream().map(a -> a.id).toList();
    }

    /** What the function counted as {@code convergence.{name}}. */
    private static long counted(
            KeyedOneInputStreamOperatorTestHarness<String, Action, Action> h, String name) {
        var total =
                h.getEnvironment().getAccumulatorRegistry().getUserMap().get("convergence_" + name);
        return total == null ? 0 : (Long) total.getLocalValue();
    }

    private static void assertNothingLeft(
            KeyedOneInputStreamOperatorTestHarness<String, Action, Action> h) {
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numProcessingTimeTimers()).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
    }

    @Test
    void theFirstNoticesOfAWindowGoOnceTheWatermarkPassesThemInTheirTimesOrder() throws Exception {
        try (var h = harness(ON)) {
            arrive(h, notice("a1", "fp1", T0 + 5));
            arrive(h, notice("a2", "fp2", T0 + 1));
            arrive(h, notice("a3", "fp3", T0 + 50));
            assertThat(sent(h)).isEmpty();
            passed(h, T0 + 4);
            assertThat(sent(h)).containsExactly("a2.abnormal.1");
            passed(h, T0 + 49);
            assertThat(sent(h)).containsExactly("a1.abnormal.1");
            // the window's third alert: held, whatever its arrival order was
            passed(h, T0 + 50);
            assertThat(sent(h)).isEmpty();
        }
    }

    @Test
    void fromTheThresholdthAlertOnNoticesAreSummedUpForTheBusinessAtTheRelease() throws Exception {
        try (var h = harness(ON)) {
            arrive(h, notice("a1", "fp1", T0 + 5));
            arrive(h, notice("a2", "fp2", T0 + 1));
            arrive(h, notice("a3", "fp3", T0 + 50));
            arrive(h, notice("a5", "fp5", T0 + 51));
            Action other = notice("b1", "fp9", T0 + 52);
            other.alert.bkBizId = "4"; // another business: its own key
            arrive(h, other);
            Action sms = notice("c1", "fp8", T0 + 53);
            sms.noticeWay = new String[] {"sms", "mail"}; // other ways: its own key
            arrive(h, sms);
            passed(h, T0 + 60);
            assertThat(sent(h))
                    .containsExactly(
                            "a2.abnormal.1", "a1.abnormal.1", "b1.abnormal.1", "c1.abnormal.1");

            h.setProcessingTime(RELEASE_MS - 1);
            assertThat(h.extractOutputValues()).isEmpty();
            h.setProcessingTime(RELEASE_MS);
            List<Action> out = h.extractOutputValues();
            assertThat(ids(out)).containsExactly("a3.abnormal.1.collect");
            Action s = out.get(0);
            assertThat(s.actionType).isEqualTo("collect");
            assertThat(s.collectType).isEqualTo("business");
            assertThat(s.signal).isEqualTo("abnormal");
            assertThat(s.convergedCount).isEqualTo(2);
            assertThat(s.convergedActions).containsExactly("a3.abnormal.1", "a5.abnormal.1");
            assertThat(s.alertIds).containsExactly("a3", "a5");
            assertThat(s.alertId).isEqualTo("a3");
            assertThat(s.alert.id).isEqualTo("a3");
            assertThat(s.userGroups).containsExactly("ops");
            assertThat(s.noticeWay).containsExactly("mail");
            assertThat(s.createTime).isEqualTo(T0 + 51);
            List<Action> folded = SideOutputs.drain(h, NoticeConvergeFunction.CONVERGED);
            assertThat(ids(folded)).containsExactly("a3.abnormal.1", "a5.abnormal.1");
            assertThat(folded).allMatch(a -> "a3.abnormal.1.collect".equals(a.convergeId));
            // each folded notice is logged on its alert, as of the summary; sent ones are not
            List<AlertLog> logs = SideOutputs.drain(h, NoticeConvergeFunction.LOGS);
            assertThat(logs)
                    .extracting(l -> l.id, l -> l.alertId, l -> l.eventId)
                    .containsExactly(
                            tuple("a3.abnormal.1.ACTION", "a3", "a3.abnormal.1"),
                            tuple("a5.abnormal.1.ACTION", "a5", "a5.abnormal.1"));
            assertThat(logs)
                    .allSatisfy(
                            l -> {
                                assertThat(l.opType).isEqualTo("ACTION");
                                assertThat(l.time).isEqualTo(T0 + 51);
                                assertThat(l.createTime).isEqualTo(T0 + 51);
                                assertThat(l.severity).isEqualTo(2);
                                assertThat(l.status).isEqualTo("ABNORMAL");
                            });
            assertThat(logs.get(1).description)
                    .isEqualTo(
                            "notice a5.abnormal.1 converged into a3.abnormal.1.collect: 2 notices"
                                    + " of business 3 to the same receivers within 120 s");
            assertThat(counted(h, "late") + counted(h, "early")).isZero();
            assertNothingLeft(h);
        }
    }

    @Test
    void belowTheThresholdAnAlertsFurtherNoticesAreSummedUpOnTheirOwn() throws Exception {
        try (var h = harness(ON)) {
            // an alert that ended and came back within the window: the same dimensions twice
            arrive(h, notice("a1", "fp1", T0 + 3));
            arrive(h, notice("a4", "fp1", T0 + 90));
            arrive(h, notice("a6", "fp1", T0 + 95));
            arrive(h, notice("a2", "fp2", T0 + 4));
            passed(h, T0 + 100);
            assertThat(sent(h)).containsExactly("a1.abnormal.1", "a2.abnormal.1");
            h.setProcessingTime(RELEASE_MS);
            List<Action> out = h.extractOutputValues();
            assertThat(ids(out)).containsExactly("a4.abnormal.1.collect");
            assertThat(out.get(0).collectType).isEqualTo("same_dimension");
            assertThat(out.get(0).convergedActions)
                    .containsExactly("a4.abnormal.1", "a6.abnormal.1");
            assertThat(ids(SideOutputs.drain(h, NoticeConvergeFunction.CONVERGED)))
                    .containsExactly("a4.abnormal.1", "a6.abnormal.1");
            assertThat(SideOutputs.drain(h, NoticeConvergeFunction.LOGS))
                    .extracting(l -> l.alertId, l -> l.time, l -> l.description)
                    .containsExactly(
                            tuple(
                                    "a4",
                                    T0 + 95,
                                    "notice a4.abnormal.1 converged into a4.abnormal.1.collect: 2"
                                            + " notices of the same dimensions to the same"
                                            + " receivers within 120 s"),
                            tuple(
                                    "a6",
                                    T0 + 95,
                                    "notice a6.abnormal.1 converged into a4.abnormal.1.collect: 2"
                                            + " notices of the same dimensions to the same"
                                            + " receivers within 120 s"));
            assertNothingLeft(h);
        }
    }

    /** Everything one run wrote, in order: sent, folded and logged. */
    private static String everything(
            KeyedOneInputStreamOperatorTestHarness<String, Action, Action> h) throws Exception {
        List<Object> all = new ArrayList<>(h.extractOutputValues());
        all.addAll(SideOutputs.drain(h, NoticeConvergeFunction.CONVERGED));
        all.addAll(SideOutputs.drain(h, NoticeConvergeFunction.LOGS));
        h.getOutput().clear();
        return Json.MAPPER.writeValueAsString(all);
    }

    @Test
    void theSameNoticesInAnyArrivalOrderLeaveTheSameOutput() throws Exception {
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
                    arrive(h, notices.get((i * 3 + rotation) % notices.size()));
                }
                passed(h, T0 + 130);
                h.setProcessingTime((T0 + 240 + 10) * 1000L);
                outputs.add(everything(h));
                assertNothingLeft(h);
            }
        }
        assertThat(outputs).containsOnly(outputs.get(0));
        assertThat(outputs.get(0))
                .contains("\"id\":\"a0.abnormal.1\",")
                .contains("\"id\":\"a3.abnormal.1\",")
                .contains("\"id\":\"a1.abnormal.1.collect\"")
                .contains("\"converged_count\":2")
                .contains("\"id\":\"a2.abnormal.1\",")
                .contains("\"id\":\"a5.abnormal.1\",")
                .contains("\"id\":\"n1.abnormal.1.collect\"");
    }

    @Test
    void noticesThatComeAfterTheWindowsFirstWentLeaveWhatTheyWouldInTheirTurn() throws Exception {
        List<Action> first = List.of(notice("a1", "fp1", T0 + 1), notice("a2", "fp2", T0 + 2));
        // after the window's two notices to go at once: a further one of an alert sent at once,
        // new alerts, and a new alert's second notice, coming in no order
        List<Action> rest =
                List.of(
                        notice("b5", "fp5", T0 + 9),
                        notice("a1b", "fp1", T0 + 7),
                        notice("b3", "fp3", T0 + 5),
                        notice("b4", "fp4", T0 + 8),
                        notice("b3b", "fp3", T0 + 6));
        String inTurn;
        try (var h = harness(ON)) {
            for (Action a : first) {
                arrive(h, a);
            }
            for (Action a : rest) {
                arrive(h, a);
            }
            passed(h, T0 + 9);
            h.setProcessingTime(RELEASE_MS);
            inTurn = everything(h);
            assertNothingLeft(h);
        }
        try (var h = harness(ON)) {
            for (Action a : first) {
                arrive(h, a);
            }
            passed(h, T0 + 2);
            assertThat(ids(h.extractOutputValues()))
                    .containsExactly("a1.abnormal.1", "a2.abnormal.1");
            for (int i = rest.size() - 1; i >= 0; i--) {
                arrive(h, rest.get(i));
            }
            assertThat(h.extractOutputValues()).hasSize(2);
            passed(h, T0 + 9);
            h.setProcessingTime(RELEASE_MS);
            assertThat(everything(h)).isEqualTo(inTurn);
            assertNothingLeft(h);
        }
        assertThat(inTurn).contains("\"id\":\"b3.abnormal.1.collect\"", "\"converged_count\":5");
    }

    @Test
    void aReplayFromACheckpointInTheMiddleOfAWindowDecidesAsTheRunDid() throws Exception {
        OperatorSubtaskState checkpoint;
        String run;
        try (var h = harness(ON)) {
            arrive(h, notice("a1", "fp1", T0 + 10));
            passed(h, T0 + 10);
            assertThat(sent(h)).containsExactly("a1.abnormal.1");
            arrive(h, notice("a2", "fp2", T0 + 20)); // waiting when the checkpoint is taken
            checkpoint = h.snapshot(1, T0 * 1000L);
            // after the checkpoint, in the run: a3 then a4, each passed as it comes
            arrive(h, notice("a3", "fp3", T0 + 30));
            passed(h, T0 + 30);
            arrive(h, notice("a4", "fp4", T0 + 25));
            passed(h, T0 + 40);
            h.setProcessingTime(RELEASE_MS);
            run = everything(h);
        }
        // the replay after a failure: the same notices in another order, and the watermark,
        // which starts over, passes them all at once
        try (var h = restored(ON, checkpoint)) {
            arrive(h, notice("a4", "fp4", T0 + 25));
            arrive(h, notice("a3", "fp3", T0 + 30));
            passed(h, T0 + 40);
            h.setProcessingTime(RELEASE_MS);
            assertThat(everything(h)).isEqualTo(run);
            assertNothingLeft(h);
        }
        assertThat(run)
                .contains("\"id\":\"a2.abnormal.1\",")
                .contains(
                        "\"id\":\"a4.abnormal.1.collect\"",
                        "\"converged_actions\":[\"a4.abnormal.1\",\"a3.abnormal.1\"]");
    }

    @Test
    void aNoticeBehindTheWatermarkIsDecidedOnArrival() throws Exception {
        try (var h = harness(ON)) {
            passed(h, T0 + 60);
            arrive(h, notice("a1", "fp1", T0 + 5));
            assertThat(sent(h)).containsExactly("a1.abnormal.1");
            assertThat(counted(h, "late")).isOne();
            h.setProcessingTime(RELEASE_MS);
            assertThat(sent(h)).isEmpty();
            assertThat(counted(h, "early")).isZero();
            assertNothingLeft(h);
        }
    }

    /**
     * A backlog read slower than its windows pass: a window is released once the watermark has
     * passed its end, not the wait after its first notice, so all of its notices are decided in
     * their times' order, as live; a notice of it that comes later still starts another round.
     */
    @Test
    void aBacklogsWindowWaitsForTheWatermarkWhileItMovesAndALateNoticeStartsAnotherRound()
            throws Exception {
        try (var h = harness(ON)) {
            long now = (T0 + 3600) * 1000L; // an hour behind: the window ended long ago
            h.setProcessingTime(now);
            arrive(h, notice("a1", "fp1", T0 + 5));
            passed(h, T0 + 5);
            assertThat(sent(h)).containsExactly("a1.abnormal.1");
            h.setProcessingTime(now + 9_000);
            arrive(h, notice("a2", "fp2", T0 + 6));
            arrive(h, notice("a3", "fp3", T0 + 7));
            arrive(h, notice("a5", "fp5", T0 + 8));
            passed(h, T0 + 8);
            assertThat(sent(h)).containsExactly("a2.abnormal.1");
            // its release is due, but the watermark still moves towards the window's end
            h.setProcessingTime(now + 10_000);
            assertThat(sent(h)).isEmpty();
            h.setProcessingTime(now + 15_000);
            arrive(h, notice("a6", "fp6", T0 + 100));
            passed(h, T0 + 100);
            assertThat(sent(h)).isEmpty();
            h.setProcessingTime(now + 18_000);
            passed(h, T0 + 119);
            h.setProcessingTime(now + 19_000);
            List<Action> out = h.extractOutputValues();
            assertThat(ids(out)).containsExactly("a3.abnormal.1.collect");
            assertThat(out.get(0).convergedActions)
                    .containsExactly("a3.abnormal.1", "a5.abnormal.1", "a6.abnormal.1");
            h.getOutput().clear();
            assertThat(counted(h, "early")).isZero();

            // later still, one more of that window: the window's first again, not lost
            h.setProcessingTime(now + 60_000);
            arrive(h, notice("a4", "fp4", T0 + 8));
            assertThat(sent(h)).containsExactly("a4.abnormal.1"); // behind the watermark
            h.setProcessingTime(now + 70_000);
            assertThat(sent(h)).isEmpty();
            assertNothingLeft(h);
        }
    }

    /** A backlog's input stalls: its window is released once the watermark stood still a wait. */
    @Test
    void aBacklogsWindowIsReleasedOnceTheWatermarkStandsStill() throws Exception {
        try (var h = harness(ON)) {
            long now = (T0 + 3600) * 1000L;
            h.setProcessingTime(now);
            for (int i = 1; i <= 3; i++) {
                arrive(h, notice("a" + i, "fp" + i, T0 + i));
            }
            passed(h, T0 + 2);
            assertThat(sent(h)).containsExactly("a1.abnormal.1", "a2.abnormal.1");
            h.setProcessingTime(now + 8_000);
            passed(h, T0 + 3);
            h.setProcessingTime(now + 10_000);
            assertThat(sent(h)).isEmpty();
            h.setProcessingTime(now + 17_999);
            assertThat(sent(h)).isEmpty();
            h.setProcessingTime(now + 18_000);
            assertThat(sent(h)).containsExactly("a3.abnormal.1.collect");
            assertThat(counted(h, "early")).isZero();
            assertNothingLeft(h);
        }
    }

    /**
     * Three notices of a window an hour old arrive right after the start, before any watermark.
     *
     * @return the window's start, epoch seconds
     */
    private static long threeOfAnHourOldWindow(
            KeyedOneInputStreamOperatorTestHarness<String, Action, Action> h) throws Exception {
        long old = T0 - 3600;
        for (int i = 1; i <= 3; i++) {
            arrive(h, notice("a" + i, "fp" + i, old + i));
        }
        return old;
    }

    /** The hour-old window went out on the clock: its three notices decided at once, early. */
    private static void assertReleasedOnTheClock(
            KeyedOneInputStreamOperatorTestHarness<String, Action, Action> h) {
        assertThat(sent(h))
                .containsExactly("a1.abnormal.1", "a2.abnormal.1", "a3.abnormal.1.collect");
        assertThat(counted(h, "early")).isEqualTo(3);
        assertNothingLeft(h);
    }

    /**
     * After a start, a backlog's old windows come due before the sources have read every input:
     * they wait for the watermark's first move, and their notices are decided in their turn.
     */
    @Test
    void aBacklogsWindowWaitsAfterAStartUntilTheWatermarkFirstMoves() throws Exception {
        try (var h = harness(ON)) {
            long started = T0 * 1000L;
            long old = threeOfAnHourOldWindow(h);
            h.setProcessingTime(started + 10_000); // its release is due
            assertThat(sent(h)).isEmpty();
            h.setProcessingTime(started + 25_000);
            assertThat(sent(h)).isEmpty();
            passed(h, old + 119); // every input read: the watermark moves past the window
            assertThat(sent(h)).containsExactly("a1.abnormal.1", "a2.abnormal.1");
            h.setProcessingTime(started + 30_000);
            assertThat(sent(h)).containsExactly("a3.abnormal.1.collect");
            assertThat(counted(h, "early")).isZero();
            assertNothingLeft(h);
        }
    }

    /** Inputs with nothing to read become idle: no watermark will come, the clock releases. */
    @Test
    void aWindowWaitingForTheFirstWatermarkIsReleasedOnceTheInputIsIdle() throws Exception {
        try (var h = harness(ON)) {
            long started = T0 * 1000L;
            threeOfAnHourOldWindow(h);
            h.setProcessingTime(started + 10_000);
            assertThat(sent(h)).isEmpty();
            h.processWatermarkStatus(WatermarkStatus.IDLE);
            h.setProcessingTime(started + 20_000);
            assertReleasedOnTheClock(h);
        }
    }

    /** An input that never gives a watermark holds a window at most its length after the start. */
    @Test
    void aWindowWaitsForTheFirstWatermarkAtMostItsLengthAfterTheStart() throws Exception {
        try (var h = harness(ON)) {
            long started = T0 * 1000L;
            threeOfAnHourOldWindow(h);
            h.setProcessingTime(started + 119_999);
            assertThat(sent(h)).isEmpty();
            h.setProcessingTime(started + 120_000);
            assertReleasedOnTheClock(h);
        }
    }

    /** A backlog: one key holds several windows at once, each released on its own. */
    @Test
    void eachWindowReleasesItsOwnNoticesAcrossARestore() throws Exception {
        long now = (T0 + 3600) * 1000L;
        OperatorSubtaskState snapshot;
        try (var h = harness(ON)) {
            h.setProcessingTime(now);
            for (int i = 0; i < 4; i++) {
                arrive(h, notice("a" + i, "fp" + i, T0 + 1 + i)); // window T0
            }
            h.setProcessingTime(now + 5_000);
            for (int i = 0; i < 4; i++) {
                arrive(h, notice("b" + i, "fp" + i, T0 + 121 + i)); // window T0 + 120
            }
            passed(h, T0 + 124);
            assertThat(sent(h))
                    .containsExactly(
                            "a0.abnormal.1", "a1.abnormal.1", "b0.abnormal.1", "b1.abnormal.1");
            snapshot = h.snapshot(1, now);
        }
        try (var h = restored(ON, snapshot)) {
            h.setProcessingTime(now + 10_000);
            List<Action> first = h.extractOutputValues();
            assertThat(ids(first)).containsExactly("a2.abnormal.1.collect");
            assertThat(first.get(0).convergedActions)
                    .containsExactly("a2.abnormal.1", "a3.abnormal.1");
            assertThat(SideOutputs.drain(h, NoticeConvergeFunction.LOGS)).hasSize(2);
            h.getOutput().clear();
            // the watermark starts over after a restore: waiting, decided at the release
            arrive(h, notice("c4", "fp4", T0 + 125));
            h.setProcessingTime(now + 15_000);
            List<Action> second = h.extractOutputValues();
            assertThat(ids(second)).containsExactly("b2.abnormal.1.collect");
            assertThat(second.get(0).convergedActions)
                    .containsExactly("b2.abnormal.1", "b3.abnormal.1", "c4.abnormal.1");
            assertThat(SideOutputs.drain(h, NoticeConvergeFunction.LOGS)).hasSize(3);
            assertNothingLeft(h);
        }
    }

    @Test
    void aWindowAheadOfTheClockWaitsAtMostItsLength() throws Exception {
        try (var h = harness(ON)) {
            // a host clock an hour ahead: the held notice is not held for the hour
            for (int i = 0; i < 3; i++) {
                arrive(h, notice("a" + i, "fp" + i, T0 + 3600 + i));
            }
            passed(h, T0 + 3602);
            assertThat(sent(h)).containsExactly("a0.abnormal.1", "a1.abnormal.1");
            h.setProcessingTime(RELEASE_MS - 1);
            assertThat(sent(h)).isEmpty();
            h.setProcessingTime(RELEASE_MS);
            assertThat(sent(h)).containsExactly("a2.abnormal.1.collect");
            assertNothingLeft(h);
        }
    }

    @Test
    void aStalledWatermarkHoldsANoticeNoLongerThanItsWindow() throws Exception {
        try (var h = harness(ON)) {
            arrive(h, notice("a1", "fp1", T0 + 5));
            arrive(h, notice("a2", "fp1", T0 + 6));
            h.setProcessingTime(RELEASE_MS - 1);
            assertThat(sent(h)).isEmpty();
            h.setProcessingTime(RELEASE_MS);
            assertThat(sent(h)).containsExactly("a1.abnormal.1", "a2.abnormal.1.collect");
            assertThat(counted(h, "early")).isEqualTo(2);
            assertNothingLeft(h);
        }
    }

    /**
     * A stalled watermark's release decides the released window's notices only: a later window's
     * notice, due as early because it was dated ahead of the clock, still waits for its turn.
     */
    @Test
    void aStalledWatermarksReleaseLeavesOtherWindowsNoticesWaiting() throws Exception {
        try (var h = harness(ON)) {
            arrive(h, notice("a1", "fp1", T0 + 5));
            arrive(h, notice("a2", "fp1", T0 + 6));
            long later = T0 * 1000L + 5000;
            h.setProcessingTime(later);
            h.processElement(notice("c1", "fp3", T0 + 200), later + 1000); // clamped by the clock
            h.setProcessingTime(RELEASE_MS);
            assertThat(sent(h)).containsExactly("a1.abnormal.1", "a2.abnormal.1.collect");
            assertThat(counted(h, "early")).isEqualTo(2);
            assertThat(h.numEventTimeTimers()).isPositive();
            passed(h, T0 + 6);
            assertThat(sent(h)).containsExactly("c1.abnormal.1");
            assertThat(counted(h, "early")).isEqualTo(2);
            h.setProcessingTime(later + 130_000);
            assertThat(sent(h)).isEmpty();
            assertNothingLeft(h);
        }
    }

    @Test
    void theEndOfABoundedInputDecidesAndReleasesEverything() throws Exception {
        try (var h = harness(ON)) {
            for (int i = 0; i < 3; i++) {
                arrive(h, notice("a" + i, "fp" + i, T0 + 5 + i));
            }
            arrive(h, notice("b1", "fp9", T0 + 500));
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            h.endInput();
            assertThat(sent(h))
                    .containsExactly(
                            "a0.abnormal.1",
                            "a1.abnormal.1",
                            "b1.abnormal.1",
                            "a2.abnormal.1.collect");
            assertThat(SideOutputs.drain(h, NoticeConvergeFunction.LOGS)).hasSize(1);
            assertNothingLeft(h);
        }
    }

    /**
     * An idle channel is left out of the watermark, so the final one can come while its last
     * notices are still on their way: they are decided with the rest, in their times' order.
     */
    @Test
    void aFinalWatermarkBeforeTheInputEndsWaitsForTheNoticesStillToCome() throws Exception {
        try (var h = harness(ON)) {
            arrive(h, notice("a1", "fp1", T0 + 6));
            arrive(h, notice("a2", "fp2", T0 + 7));
            arrive(h, notice("a3", "fp3", T0 + 8));
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            assertThat(sent(h)).isEmpty();
            arrive(h, notice("a0", "fp0", T0 + 5));
            h.endInput();
            assertThat(h.getOutput()).contains(new Watermark(Long.MAX_VALUE));
            assertThat(sent(h))
                    .containsExactly("a0.abnormal.1", "a1.abnormal.1", "a2.abnormal.1.collect");
            assertThat(SideOutputs.drain(h, NoticeConvergeFunction.LOGS)).hasSize(2);
            assertNothingLeft(h);
        }
    }

    @Test
    void heldAndWaitingNoticesSurviveARestoreAndAreReleasedOnce() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness(ON)) {
            for (int i = 0; i < 3; i++) {
                arrive(h, notice("a" + i, "fp" + i, T0 + i));
            }
            passed(h, T0 + 2);
            assertThat(sent(h)).containsExactly("a0.abnormal.1", "a1.abnormal.1");
            arrive(h, notice("a3", "fp3", T0 + 3));
            snapshot = h.snapshot(1, T0 * 1000L);
        }
        try (var h = restored(ON, snapshot)) {
            arrive(h, notice("a4", "fp1", T0 + 4)); // the window's second alert again
            passed(h, T0 + 4);
            assertThat(sent(h)).isEmpty();
            h.setProcessingTime(RELEASE_MS);
            List<Action> out = h.extractOutputValues();
            assertThat(ids(out)).containsExactly("a2.abnormal.1.collect");
            assertThat(out.get(0).convergedActions)
                    .containsExactly("a2.abnormal.1", "a3.abnormal.1", "a4.abnormal.1");
            assertNothingLeft(h);
        }
    }

    @Test
    void noticesHeldBeforeTheSettingsChangedAreStillReleased() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness(ON)) {
            for (int i = 0; i < 3; i++) {
                arrive(h, notice("a" + i, "fp" + i, T0 + 100 + i));
            }
            passed(h, T0 + 102);
            snapshot = h.snapshot(1, T0 * 1000L);
        }
        // restored with 60 s windows (T0 + 100 now falls in another one), then with none
        for (var changed :
                List.of(
                        new NoticeConvergeFunction.Settings(60, 10, 3),
                        new NoticeConvergeFunction.Settings(0, 10, 3))) {
            try (var h = restored(changed, snapshot)) {
                h.setProcessingTime(RELEASE_MS);
                assertThat(ids(h.extractOutputValues())).containsExactly("a2.abnormal.1.collect");
                assertNothingLeft(h);
            }
        }
    }

    @Test
    void aSummaryListsAtMostFiveHundredNotices() throws Exception {
        try (var h = harness(ON)) {
            for (int i = 0; i < 602; i++) {
                arrive(h, notice(String.format("a%03d", i), "fp" + i, T0 + 1));
            }
            passed(h, T0 + 1);
            assertThat(sent(h)).containsExactly("a000.abnormal.1", "a001.abnormal.1");
            h.setProcessingTime(RELEASE_MS);
            Action s = h.extractOutputValues().get(0);
            assertThat(s.convergedCount).isEqualTo(600);
            assertThat(s.convergedActions).hasSize(500).startsWith("a002.abnormal.1");
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
