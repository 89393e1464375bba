package io.bkm.alarm.alert;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bkm.alarm.ConfigMessages;
import io.bkm.alarm.SideOutputs;
import io.bkm.alarm.common.DeadLetters;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.model.Alert;
import io.bkm.alarm.model.AlertChange;
import io.bkm.alarm.model.AlertInput;
import io.bkm.alarm.model.AlertLog;
import io.bkm.alarm.model.AlertOp;
import io.bkm.alarm.model.CustomEventRecovery;
import io.bkm.alarm.model.DeadLetter;
import io.bkm.alarm.model.Event;
import io.bkm.alarm.model.EventStatus;
import io.bkm.alarm.model.RawMessage;
import io.bkm.alarm.model.Tag;
import io.bkm.alarm.shield.Shields;
import io.bkm.alarm.strategy.Strategies;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.contrib.streaming.state.RocksDBKeyedStateBackend;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;

/** The alert operator in a test harness, with events, operations and strategies to feed it. */
final class AlertHarness implements AutoCloseable {
    static final String MD5 = "7bf1b8b2bae7e42575892b6e794a0bde";

    /** A minute boundary, so check times on the 60 s grid are easy to read. */
    static final long T0 = 1_716_950_040L;

    static final long STRATEGY = 900;
    static final Map<Long, String> SHIPPED = shipped();

    final KeyedBroadcastOperatorTestHarness<String, AlertInput, RawMessage, AlertChange> h;
    private int eventSeq;

    AlertHarness(AlertStateSettings settings, OperatorSubtaskState restore) throws Exception {
        this(new AlertStateFunction(SHIPPED, settings, 1 << 20), restore, null);
    }

    /**
     * {@code backend}: null for the harness's heap backend, which hands out the objects it holds,
     * so a change the function forgets to write back still shows; RocksDB does not.
     */
    AlertHarness(AlertStateFunction function, OperatorSubtaskState restore, StateBackend backend)
            throws Exception {
        h =
                new KeyedBroadcastOperatorTestHarness<>(
                        new AlertStateOperator(function),
                        AlertStateFunction::key,
                        Types.STRING,
                        1,
                        1,
                        0);
        if (backend != null) {
            h.setStateBackend(backend);
        }
        if (restore != null) {
            h.initializeState(restore);
        }
        h.open();
    }

    /**
     * RocksDB, where a change the operator forgets to write back is lost, as in the job; timers on
     * the heap, so the state entries counted are the operator's own.
     */
    static StateBackend rocksDb() {
        var rocksDb = new EmbeddedRocksDBStateBackend();
        rocksDb.setPriorityQueueStateType(EmbeddedRocksDBStateBackend.PriorityQueueStateType.HEAP);
        return rocksDb;
    }

    AlertHarness() throws Exception {
        this(AlertStateSettings.defaults(), null);
    }

    private static Map<Long, String> shipped() {
        try {
            return Strategies.load(Path.of("../conf/strategies"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- input -----------------------------------------------------------------------------

    /** A third-party event without strategy, as FtaEventParser leaves it. */
    static Event event(String status, int severity, long time, long receivedAt) {
        Event e = new Event();
        e.eventId = "ev-" + status + "-" + severity + "-" + time;
        e.id = io.bkm.alarm.fingerprint.Fingerprint.ofScalar(e.eventId);
        e.pluginId = "zabbix";
        e.alertName = "CPU usage high";
        e.description = "cpu " + status.toLowerCase();
        e.status = status;
        e.severity = severity;
        e.time = time;
        e.anomalyTime = time;
        e.createTime = receivedAt;
        e.targetType = "HOST";
        e.target = "10.0.0.1|0";
        e.bkBizId = "5";
        e.bkTenantId = "system";
        e.dedupeKeys =
                new String[] {"alert_name", "target_type", "target", "bk_biz_id", "tags.disk"};
        e.tags = new Tag[] {new Tag("disk", "/data")};
        e.dedupeMd5 = MD5;
        return e;
    }

    static Event abnormal(long time) {
        return event(EventStatus.ABNORMAL, 2, time, time);
    }

    /** A triggered monitor event of strategy 900 whose window held anomalies at these times. */
    static Event strategyEvent(int severity, long time, long... anomalyTimes) {
        Event e = event(EventStatus.ABNORMAL, severity, time, time);
        e.strategyId = STRATEGY;
        e.pluginId = "bkmonitor";
        ObjectNode extra = Json.MAPPER.createObjectNode();
        var ids = extra.putObject("origin_alarm").putObject("trigger").putArray("anomaly_ids");
        for (long t : anomalyTimes.length == 0 ? new long[] {time} : anomalyTimes) {
            ids.add("3144b40649bfe1c6e268b6ab865d3caa." + t + "." + STRATEGY + ".1." + severity);
        }
        e.extraInfo = Json.write(extra);
        e.dedupeKeys =
                new String[] {"strategy_id", "target_type", "target", "bk_biz_id", "tags.disk"};
        return e;
    }

    /**
     * Strategy 900: disk full for business 5, one anomaly in 5 minutes triggers, 5 clean minutes
     * recover, at level 2 (and level 1 when {@code fatalToo}).
     */
    static ObjectNode strategy(String statusSetter, boolean fatalToo) throws Exception {
        ObjectNode s = (ObjectNode) Json.MAPPER.readTree(SHIPPED.get(3L));
        s.put("id", STRATEGY).put("bk_biz_id", 5);
        var detects = s.putArray("detects");
        for (int level : fatalToo ? new int[] {1, 2} : new int[] {2}) {
            ObjectNode d = detects.addObject().put("level", level);
            d.putObject("trigger_config").put("count", 1).put("check_window", 5);
            d.putObject("recovery_config")
                    .put("check_window", 5)
                    .put("status_setter", statusSetter);
        }
        return s;
    }

    static AlertOp op(String kind, String alertId, long time) {
        AlertOp op = new AlertOp();
        op.op = kind;
        op.alertId = alertId;
        op.operator = "alice";
        op.reason = "on it";
        op.time = time;
        op.source = new RawMessage("bkm_alert_ops", 0, 7, time * 1000, "{}".getBytes());
        op.source.key = alertId;
        return op;
    }

    /** A strategy-900 monitor event as a custom-event strategy raises it. */
    static Event customEvent(int severity, long time) {
        Event e = strategyEvent(severity, time);
        e.metric = new String[] {"custom.event.5_bkmonitor_event_1572946.login_failed"};
        return e;
    }

    /** A custom recovery event of strategy 900 for the fingerprint {@link #MD5}. */
    static CustomEventRecovery recovery(long time, long receivedAt) {
        CustomEventRecovery r = new CustomEventRecovery();
        r.strategyId = STRATEGY;
        r.dedupeMd5 = MD5;
        r.time = time;
        r.receivedAt = receivedAt;
        return r;
    }

    void send(CustomEventRecovery r) throws Exception {
        h.processElement(new StreamRecord<>(AlertInput.of(r)));
    }

    void send(Event e) throws Exception {
        h.processElement(new StreamRecord<>(AlertInput.of(e)));
    }

    void send(AlertOp op) throws Exception {
        h.processElement(new StreamRecord<>(AlertInput.of(op)));
    }

    void strategyRecord(long id, ObjectNode json, long at) throws Exception {
        h.processBroadcastElement(
                new StreamRecord<>(ConfigMessages.of("strategy:" + id, json, at)));
    }

    void shieldRecord(long id, ObjectNode json, long at) throws Exception {
        h.processBroadcastElement(new StreamRecord<>(ConfigMessages.of("shield:" + id, json, at)));
    }

    /** What the shield schedule sends at a shield's start or end. */
    void shieldTick(long id, long at, boolean ended) throws Exception {
        RawMessage m =
                new RawMessage(
                        "",
                        0,
                        0,
                        at * 1000,
                        ended ? "ended".getBytes(StandardCharsets.UTF_8) : null);
        m.key = Shields.TICK_KEY_PREFIX + id;
        h.processBroadcastElement(new StreamRecord<>(m));
    }

    void clockAt(long seconds) throws Exception {
        h.setProcessingTime(seconds * 1000L);
    }

    // ---- output ----------------------------------------------------------------------------

    /** The alert versions written, read back from their documents. */
    List<Alert> alerts() {
        List<Alert> out = new ArrayList<>();
        for (AlertChange c : h.extractOutputValues()) {
            out.add(AlertDocuments.read(c));
        }
        h.getOutput().clear();
        return out;
    }

    /** The alert versions written, as they leave the operator. */
    List<AlertChange> changes() {
        List<AlertChange> out = new ArrayList<>(h.extractOutputValues());
        h.getOutput().clear();
        return out;
    }

    List<AlertLog> logs() {
        return drain(AlertStateFunction.LOGS);
    }

    List<String> logOps() {
        return logs().stream().map(l -> l.opType).toList();
    }

    List<DeadLetter> deadLetters() {
        return drain(DeadLetters.TAG);
    }

    private <T> List<T> drain(org.apache.flink.util.OutputTag<T> tag) {
        return SideOutputs.drain(h, tag);
    }

    int timers() {
        return h.numProcessingTimeTimers();
    }

    int stateEntries() throws Exception {
        // as a checkpoint finds them: what the operator holds is written first
        h.prepareSnapshotPreBarrier(0);
        // the broadcast harness lacks numKeyedStateEntries(); ask the backend as it does
        var backend = h.getOperator().getKeyedStateBackend();
        return backend instanceof RocksDBKeyedStateBackend<?> rocks
                ? rocks.numKeyValueStateEntries()
                : ((HeapKeyedStateBackend<?>) backend).numKeyValueStateEntries();
    }

    /** A checkpoint as the task takes it: the operator is told first, then snapshot. */
    OperatorSubtaskState snapshot() throws Exception {
        h.prepareSnapshotPreBarrier(1L);
        return h.snapshot(1L, 0L);
    }

    @Override
    public void close() throws Exception {
        h.close();
    }
}
