package io.bkm.alarm.notice;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bkm.alarm.alert.AlertChanges;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.model.Action;
import io.bkm.alarm.model.Alert;
import io.bkm.alarm.model.AlertChange;
import io.bkm.alarm.model.Event;
import io.bkm.alarm.model.EventStatus;
import io.bkm.alarm.model.RawMessage;
import io.bkm.alarm.model.Tag;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.AbstractKeyedStateBackend;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Signals and repeat notices on a processing clock set by the test (behaviour spec §7.1, §5.3). */
class NoticeFunctionTest {
    static final long T0 = 1_716_950_040L;
    static final long STRATEGY = 901;

    private KeyedBroadcastOperatorTestHarness<String, AlertChange, RawMessage, Action> h;
    private long version;

    /** Notice states of two alerts held on the heap, so that a third pushes one out. */
    static final int HELD_ALERTS = 2;

    private static NoticeFunction function() throws Exception {
        return new NoticeFunction(
                Map.of(),
                Files.readString(Path.of("../conf/notice-default.json")),
                1 << 20,
                HELD_ALERTS);
    }

    private static KeyedBroadcastOperatorTestHarness<String, AlertChange, RawMessage, Action>
            harness(OperatorSubtaskState restore) throws Exception {
        return harness(restore, null);
    }

    /**
     * On {@code backend}, the heap backend if null. The heap backend keeps the objects it is given,
     * so a change the operator forgets to write back still shows; RocksDB, as in the job, does not.
     */
    private static KeyedBroadcastOperatorTestHarness<String, AlertChange, RawMessage, Action>
            harness(OperatorSubtaskState restore, StateBackend backend) throws Exception {
        var h =
                new KeyedBroadcastOperatorTestHarness<>(
                        new NoticeOperator(function()), NoticeFunction::key, Types.STRING, 1, 1, 0);
        if (backend != null) {
            h.setStateBackend(backend);
        }
        if (restore != null) {
            h.initializeState(restore);
        }
        h.open();
        return h;
    }

    @BeforeEach
    void open() throws Exception {
        h = harness(null);
        h.setProcessingTime(T0 * 1000);
        strategy("standard", List.of("abnormal", "recovered", "closed", "ack", "no_data"));
    }

    @AfterEach
    void close() throws Exception {
        h.close();
    }

    /** Strategy 901: notices to ops and dba by mail and SMS every 600 s. */
    private void strategy(String mode, List<String> signals) throws Exception {
        strategy(mode, signals, false);
    }

    /** ... and, with {@code upgrades}, to lead then manager when unacked for 30 minutes. */
    private void strategy(String mode, List<String> signals, boolean upgrades) throws Exception {
        ObjectNode s =
                (ObjectNode)
                        Json.MAPPER.readTree(
                                Files.readString(Path.of("../conf/strategies/03-disk-full.json")));
        s.put("id", STRATEGY).put("bk_biz_id", 5);
        ObjectNode notice = s.putObject("notice");
        notice.set("user_groups", Json.MAPPER.valueToTree(List.of("ops", "dba")));
        notice.set("notice_ways", Json.MAPPER.valueToTree(List.of("mail", "sms")));
        notice.set("signal", Json.MAPPER.valueToTree(signals));
        ObjectNode config =
                notice.putObject("config")
                        .put("notify_interval", 600)
                        .put("interval_notify_mode", mode);
        ObjectNode upgrade = config.putObject("upgrade_config").put("is_enabled", upgrades);
        upgrade.put("upgrade_interval", 30);
        upgrade.set("user_groups", Json.MAPPER.valueToTree(List.of("lead", "manager")));
        RawMessage m =
                new RawMessage(
                        "bkm_config", 0, 0, 0, Json.write(s).getBytes(StandardCharsets.UTF_8));
        m.key = "strategy:" + STRATEGY;
        h.processBroadcastElement(m, 0);
    }

    private Alert alert(Long strategyId, String status, int severity, long at, long latest) {
        Alert a = new Alert();
        a.id = "1716950040" + (strategyId == null ? "7" : "9");
        a.strategyId = strategyId;
        a.alertName = "Disk full";
        a.bkBizId = "5";
        a.dedupeMd5 = "7bf1b8b2bae7e42575892b6e794a0bde";
        a.status = status;
        a.severity = severity;
        a.createTime = T0;
        a.beginTime = T0;
        a.updateTime = at;
        a.latestTime = latest;
        a.isAck = false;
        a.event = new Event();
        a.event.description = "disk /data 96% full";
        a.event.tags = new Tag[] {new Tag("disk", "/data")};
        a.version = ++version;
        return a;
    }

    private Alert abnormal(int severity, long at) {
        return alert(STRATEGY, EventStatus.ABNORMAL, severity, at, at);
    }

    /** The state entries a checkpoint would find, the notice states held on the heap written. */
    private int stateEntries() throws Exception {
        h.prepareSnapshotPreBarrier(0);
        // the broadcast harness lacks numKeyedStateEntries(); ask the backend as it does
        return ((AbstractKeyedStateBackend<?>) h.getOperator().getKeyedStateBackend())
                .numKeyValueStateEntries();
    }

    /** A checkpoint as a task takes it: held states written back before the snapshot. */
    private OperatorSubtaskState checkpoint(long id) throws Exception {
        h.prepareSnapshotPreBarrier(id);
        return h.snapshot(id, 0);
    }

    private List<Action> send(Alert a) throws Exception {
        h.getOutput().clear();
        h.processElement(AlertChanges.of(a).withoutDocument(), 0);
        return new ArrayList<>(h.extractOutputValues());
    }

    private List<Action> clock(long seconds) throws Exception {
        h.getOutput().clear();
        h.setProcessingTime(seconds * 1000);
        return new ArrayList<>(h.extractOutputValues());
    }

    @Test
    void aNewAlertIsNoticedOnceToItsStrategysGroupsAndWays() throws Exception {
        List<Action> out = send(abnormal(2, T0));
        assertThat(out).hasSize(1);
        Action a = out.get(0);
        assertThat(a.id).isEqualTo("17169500409.abnormal.1");
        assertThat(a.signal).isEqualTo("abnormal");
        assertThat(a.actionType).isEqualTo("notice");
        assertThat(a.userGroups).containsExactly("ops", "dba");
        assertThat(a.noticeWay).containsExactly("mail", "sms");
        assertThat(a.executeTimes).isEqualTo(1);
        assertThat(a.createTime).isEqualTo(T0);
        assertThat(a.alert.description).isEqualTo("disk /data 96% full");
        // a converging event of the same severity is no new signal
        assertThat(send(abnormal(2, T0 + 60))).isEmpty();
    }

    @Test
    void aMoreSevereAlertIsNoticedAgainAndAckAndRecoveryOnce() throws Exception {
        send(abnormal(2, T0));
        assertThat(send(abnormal(1, T0 + 60)))
                .extracting(a -> a.id)
                .containsExactly("17169500409.abnormal.2");
        assertThat(send(abnormal(2, T0 + 90))).isEmpty(); // less severe: nothing
        Alert acked = abnormal(1, T0 + 120);
        acked.isAck = true;
        assertThat(send(acked)).extracting(a -> a.signal).containsExactly("ack");
        assertThat(send(acked)).isEmpty();
        List<Action> end = send(alert(STRATEGY, EventStatus.RECOVERED, 1, T0 + 300, T0 + 120));
        assertThat(end).extracting(a -> a.id).containsExactly("17169500409.recovered.1");
        assertThat(stateEntries()).isZero();
        assertThat(h.numProcessingTimeTimers()).isZero();
    }

    @Test
    void repeatsComeEveryIntervalOnlyAfterNewEvents() throws Exception {
        send(abnormal(2, T0));
        send(abnormal(2, T0 + 300)); // a new event before the first repeat
        List<Action> first = clock(T0 + 600);
        assertThat(first).extracting(a -> a.id).containsExactly("17169500409.abnormal.2");
        assertThat(first.get(0).createTime).isEqualTo(T0 + 600); // the timer's own time
        // nothing new by the next interval: the repeat waits for the next event
        assertThat(clock(T0 + 1200)).isEmpty();
        List<Action> late = send(abnormal(2, T0 + 1500));
        assertThat(late).extracting(a -> a.executeTimes).containsExactly(3);
        assertThat(late.get(0).createTime).isEqualTo(T0 + 1500);
        // and the interval counts from that notice
        send(abnormal(2, T0 + 1600));
        assertThat(clock(T0 + 2099)).isEmpty();
        assertThat(clock(T0 + 2100)).extracting(a -> a.executeTimes).containsExactly(4);
    }

    @Test
    void increasingIntervalsDoubleEachRound() throws Exception {
        strategy("increasing", List.of("abnormal"));
        send(abnormal(2, T0));
        long last = T0;
        // 600 s, then 1,200 after that notice, 2,400, 4,800
        for (long due : List.of(600L, 1800L, 4200L, 9000L)) {
            send(abnormal(2, last + 1)); // a new event since the last notice
            assertThat(clock(T0 + due - 1)).isEmpty();
            assertThat(clock(T0 + due)).extracting(a -> a.createTime).containsExactly(T0 + due);
            last = T0 + due;
        }
    }

    @Test
    void repeatsStopOnAckAndWhileRecovering() throws Exception {
        send(abnormal(2, T0));
        Alert recovering = abnormal(2, T0 + 100);
        recovering.recovering = true;
        send(recovering);
        assertThat(clock(T0 + 600)).isEmpty();
        Alert acked = abnormal(2, T0 + 700);
        acked.isAck = true;
        send(acked);
        assertThat(clock(T0 + 5000)).isEmpty();
        assertThat(h.numProcessingTimeTimers()).isZero();
    }

    private List<Action> send(Alert a, boolean flapping, String flapNotice) throws Exception {
        h.getOutput().clear();
        AlertChange c = AlertChanges.of(a).withoutDocument();
        c.flapping = flapping;
        c.flapNotice = flapNotice;
        h.processElement(c, 0);
        return new ArrayList<>(h.extractOutputValues());
    }

    @Test
    void aFingerprintThatStartsFlappingSendsOneFlappingNoticeInsteadOfItsRecovery()
            throws Exception {
        strategy("standard", List.of("abnormal", "recovered", "closed", "flapping"), true);
        send(abnormal(2, T0));
        List<Action> started =
                send(alert(STRATEGY, EventStatus.RECOVERED, 2, T0 + 60, T0), true, Action.FLAPPING);
        assertThat(started).extracting(a -> a.id).containsExactly("17169500409.flapping.1");
        assertThat(started.get(0).userGroups).containsExactly("ops", "dba");
        assertThat(stateEntries()).isZero();
        assertThat(h.numProcessingTimeTimers()).isZero();
    }

    @Test
    void whileItFlapsAnAlertIsNotNoticedNorRepeatedNorUpgraded() throws Exception {
        strategy("standard", List.of("abnormal", "recovered", "closed", "flapping"), true);
        assertThat(send(abnormal(2, T0), true, null)).isEmpty();
        assertThat(send(abnormal(1, T0 + 60), true, null)).isEmpty(); // more severe: still none
        assertThat(h.numProcessingTimeTimers()).isZero();
        assertThat(clock(T0 + 20_000)).isEmpty();
        assertThat(send(alert(STRATEGY, EventStatus.RECOVERED, 1, T0 + 300, T0), true, null))
                .isEmpty();
        assertThat(stateEntries()).isZero();
    }

    @Test
    void anOpenAlertThatStopsFlappingIsNoticedAsItStandsThenRepeatedAsAnyOther() throws Exception {
        strategy("standard", List.of("abnormal", "recovered", "flapping"));
        send(abnormal(2, T0), true, null);
        List<Action> stopped = send(abnormal(2, T0 + 1800), false, AlertChange.FLAPPING_END);
        assertThat(stopped).extracting(a -> a.id).containsExactly("17169500409.abnormal.1");
        assertThat(stopped.get(0).createTime).isEqualTo(T0 + 1800);
        send(abnormal(2, T0 + 2000)); // a new event: the repeat is due
        assertThat(clock(T0 + 2400))
                .extracting(a -> a.id)
                .containsExactly("17169500409.abnormal.2");
        assertThat(send(alert(STRATEGY, EventStatus.RECOVERED, 2, T0 + 2500, T0 + 2000)))
                .extracting(a -> a.signal)
                .containsExactly("recovered");
    }

    @Test
    void anEndedAlertThatStopsFlappingIsNoticedEndedToThoseAnEndIsTold() throws Exception {
        strategy("standard", List.of("abnormal", "recovered", "flapping"));
        Alert recovered = alert(STRATEGY, EventStatus.RECOVERED, 2, T0 + 1800, T0);
        assertThat(send(recovered, false, AlertChange.FLAPPING_END))
                .extracting(a -> a.id)
                .containsExactly("17169500409.recovered.1");
        assertThat(stateEntries()).isZero();
        // an alert without strategy is told of its abnormal state only
        Alert none = alert(null, EventStatus.RECOVERED, 2, T0 + 1800, T0);
        assertThat(send(none, false, AlertChange.FLAPPING_END)).isEmpty();
        assertThat(send(alert(null, EventStatus.ABNORMAL, 2, T0, T0), true, Action.FLAPPING))
                .extracting(a -> a.signal)
                .as("the default notice subscribes flapping")
                .containsExactly("flapping");
    }

    @Test
    void aStrategyThatDoesNotSubscribeFlappingHearsNothingWhileItFlaps() throws Exception {
        assertThat(
                        send(
                                alert(STRATEGY, EventStatus.RECOVERED, 2, T0 + 60, T0),
                                true,
                                Action.FLAPPING))
                .isEmpty();
    }

    @Test
    void unackedAlertsAreUpgradedToEachGroupInTurnThenNoMore() throws Exception {
        strategy("standard", List.of("abnormal"), true);
        send(abnormal(2, T0));
        assertThat(h.numProcessingTimeTimers()).as("repeat and upgrade").isEqualTo(2);
        // bk-monitor checks 30 s ahead of the clock: each upgrade comes 30 s early
        List<Action> first = clock(T0 + 1770);
        assertThat(first).extracting(a -> a.signal).containsExactly("upgrade");
        assertThat(first.get(0).userGroups).containsExactly("lead");
        assertThat(first.get(0).isUpgrade).isTrue();
        assertThat(first.get(0).id).isEqualTo("17169500409.upgrade.1");
        List<Action> second = clock(T0 + 1770 + 1770);
        assertThat(second)
                .filteredOn(a -> a.isUpgrade)
                .extracting(a -> a.userGroups[0])
                .containsExactly("manager");
        assertThat(clock(T0 + 20_000)).filteredOn(a -> a.isUpgrade).isEmpty(); // the chain ends
    }

    @Test
    void anAckStopsUpgrades() throws Exception {
        strategy("standard", List.of("abnormal", "ack"), true);
        send(abnormal(2, T0));
        Alert acked = abnormal(2, T0 + 60);
        acked.isAck = true;
        send(acked);
        assertThat(clock(T0 + 20_000)).isEmpty();
        assertThat(h.numProcessingTimeTimers()).isZero();
    }

    @Test
    void aNoticeWithoutUserGroupsTellsNobody() throws Exception {
        ObjectNode s =
                (ObjectNode)
                        Json.MAPPER.readTree(
                                Files.readString(Path.of("../conf/strategies/03-disk-full.json")));
        s.put("id", STRATEGY).put("bk_biz_id", 5);
        s.putObject("notice").putArray("user_groups");
        RawMessage m =
                new RawMessage(
                        "bkm_config", 0, 1, 0, Json.write(s).getBytes(StandardCharsets.UTF_8));
        m.key = "strategy:" + STRATEGY;
        h.processBroadcastElement(m, 0);
        assertThat(send(abnormal(2, T0))).isEmpty();
    }

    @Test
    void alertsWithoutStrategyGetTheDefaultNoticeAndOnlyAbnormalSignals() throws Exception {
        List<Action> out = send(alert(null, EventStatus.ABNORMAL, 2, T0, T0));
        assertThat(out).hasSize(1);
        assertThat(out.get(0).userGroups).containsExactly("ops");
        assertThat(out.get(0).noticeWay).containsExactly("mail");
        assertThat(send(alert(null, EventStatus.CLOSED, 2, T0 + 3600, T0))).isEmpty();
        assertThat(stateEntries()).isZero();
        assertThat(h.numProcessingTimeTimers()).isZero();
    }

    @Test
    void noDataAlertsAreNoticedAsNoDataAndTheirEndIsNotNoticed() throws Exception {
        Alert a = abnormal(2, T0);
        a.event.tags = new Tag[] {new Tag("__NO_DATA_DIMENSION__", "True")};
        assertThat(send(a)).extracting(x -> x.signal).containsExactly("no_data");
        Alert end = alert(STRATEGY, EventStatus.RECOVERED, 2, T0 + 60, T0);
        end.event.tags = a.event.tags;
        assertThat(send(end)).isEmpty();
    }

    @Test
    void aRepeatDueAcrossARestoreIsSentOnce() throws Exception {
        send(abnormal(2, T0));
        send(abnormal(2, T0 + 300));
        OperatorSubtaskState snapshot = checkpoint(1);
        h.close();
        h = harness(snapshot);
        h.setProcessingTime(T0 * 1000 + 1);
        assertThat(clock(T0 + 600)).extracting(a -> a.id).containsExactly("17169500409.abnormal.2");
        assertThat(clock(T0 + 1199)).isEmpty();
    }

    private static StateBackend rocksDb() {
        var rocksDb = new EmbeddedRocksDBStateBackend();
        // timers on the heap, so the state entries counted are the operator's own
        rocksDb.setPriorityQueueStateType(EmbeddedRocksDBStateBackend.PriorityQueueStateType.HEAP);
        return rocksDb;
    }

    /** An abnormal version of alert {@code id}, of its own fingerprint. */
    private Alert abnormalOf(String id, long at) {
        Alert a = abnormal(2, at);
        a.id = id;
        a.dedupeMd5 = "7bf1b8b2bae7e42575892b6e794a0b" + id.substring(id.length() - 2);
        return a;
    }

    @Test
    void alertsPushedOutOfTheHeldStatesAndRestoredKeepTheirRounds() throws Exception {
        h.close();
        h = harness(null, rocksDb());
        h.setProcessingTime(T0 * 1000);
        strategy("standard", List.of("abnormal", "recovered"));
        List<String> ids = List.of("1716950040901", "1716950040902", "1716950040903");
        for (String id : ids) {
            assertThat(send(abnormalOf(id, T0)))
                    .extracting(a -> a.id)
                    .containsExactly(id + ".abnormal.1");
        }
        // more alerts than the states held: the first is read back from the state backend
        for (String id : ids) {
            assertThat(send(abnormalOf(id, T0 + 300))).isEmpty();
        }
        OperatorSubtaskState snapshot = checkpoint(1);
        h.close();
        h = harness(snapshot, rocksDb());
        h.setProcessingTime(T0 * 1000 + 1);
        assertThat(clock(T0 + 600))
                .extracting(a -> a.id)
                .containsExactlyInAnyOrder(
                        ids.get(0) + ".abnormal.2",
                        ids.get(1) + ".abnormal.2",
                        ids.get(2) + ".abnormal.2");
        for (String id : ids) {
            Alert end = abnormalOf(id, T0 + 700);
            end.status = EventStatus.RECOVERED;
            assertThat(send(end)).extracting(a -> a.id).containsExactly(id + ".recovered.1");
        }
        assertThat(stateEntries()).isZero();
        assertThat(h.numProcessingTimeTimers()).isZero();
    }

    @Test
    void aHeldAlertsNextVersionDoesNotReadTheStateBackend() throws Exception {
        send(abnormal(2, T0));
        send(abnormal(2, T0 + 60));
        send(abnormal(1, T0 + 120));
        assertThat(((NoticeOperator) h.getOperator()).store().reads()).isEqualTo(1);
    }

    private static Alert shielded(Alert a) {
        a.isShielded = true;
        a.shieldId = new String[] {"11"};
        return a;
    }

    @Test
    void aShieldHoldsNoticesBackAndItsEndSendsOneUnshieldNotice() throws Exception {
        assertThat(send(shielded(abnormal(2, T0)))).isEmpty();
        assertThat(send(shielded(abnormal(2, T0 + 300)))).isEmpty();
        assertThat(clock(T0 + 600)).as("the repeat, held back").isEmpty();
        List<Action> unshield = send(abnormal(2, T0 + 700));
        assertThat(unshield).extracting(a -> a.id).containsExactly("17169500409.unshield.3");
        assertThat(unshield.get(0).userGroups).containsExactly("ops", "dba");
        assertThat(unshield.get(0).createTime).isEqualTo(T0 + 700);
        assertThat(send(abnormal(2, T0 + 800))).as("once").isEmpty();
        // the next repeat counts from the unshield notice
        assertThat(clock(T0 + 1299)).isEmpty();
        assertThat(clock(T0 + 1300))
                .extracting(a -> a.id)
                .containsExactly("17169500409.abnormal.4");
        assertThat(send(alert(STRATEGY, EventStatus.RECOVERED, 2, T0 + 1400, T0 + 800)))
                .extracting(a -> a.signal)
                .containsExactly("recovered");
    }

    @Test
    void anAlertShieldedThroughoutIsNeverNoticedNorItsEnd() throws Exception {
        assertThat(send(shielded(abnormal(2, T0)))).isEmpty();
        assertThat(send(shielded(abnormal(1, T0 + 60)))).as("more severe").isEmpty();
        assertThat(send(shielded(alert(STRATEGY, EventStatus.RECOVERED, 1, T0 + 400, T0 + 60))))
                .isEmpty();
        assertThat(stateEntries()).isZero();
        assertThat(h.numProcessingTimeTimers()).isZero();
    }

    @Test
    void anAlertNoticedBeforeItsShieldStillHearsOfItsEnd() throws Exception {
        assertThat(send(abnormal(2, T0))).hasSize(1);
        assertThat(send(shielded(abnormal(1, T0 + 100)))).as("more severe, shielded").isEmpty();
        assertThat(send(shielded(alert(STRATEGY, EventStatus.CLOSED, 1, T0 + 400, T0 + 100))))
                .extracting(a -> a.id)
                .containsExactly("17169500409.closed.1");
    }

    @Test
    void aShieldEndingWhileRecoveringDefersTheUnshieldNotice() throws Exception {
        send(abnormal(2, T0));
        send(shielded(abnormal(2, T0 + 100)));
        assertThat(clock(T0 + 600)).isEmpty(); // held back
        Alert recovering = abnormal(2, T0 + 650);
        recovering.recovering = true;
        assertThat(send(recovering)).as("unshielded while recovering").isEmpty();
        Alert aborted = abnormal(2, T0 + 700);
        assertThat(send(aborted)).extracting(a -> a.signal).containsExactly("unshield");
        // and an unshield with nothing held back is silent
        send(shielded(abnormal(2, T0 + 800)));
        assertThat(send(abnormal(2, T0 + 900))).isEmpty();
    }

    @Test
    void aBlockedAlertSendsNoSignalNotEvenItsEnd() throws Exception {
        Alert blocked = abnormal(2, T0);
        blocked.isBlocked = true;
        assertThat(send(blocked)).isEmpty();
        Alert ended = alert(STRATEGY, EventStatus.CLOSED, 2, T0 + 300, T0);
        ended.isBlocked = true;
        assertThat(send(ended)).isEmpty();
        assertThat(stateEntries()).isZero();
        assertThat(h.numProcessingTimeTimers()).isZero();
    }
}
