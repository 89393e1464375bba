package io.bkm.alarm.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bkm.alarm.SideOutputs;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.fingerprint.Fingerprint;
import io.bkm.alarm.model.AnomalyRecord;
import io.bkm.alarm.model.CustomEventRecovery;
import io.bkm.alarm.model.Event;
import io.bkm.alarm.model.NoDataSeen;
import io.bkm.alarm.model.RawMessage;
import io.bkm.alarm.model.StrategyHosts;
import io.bkm.alarm.trigger.Anomalies;
import io.bkm.alarm.trigger.TriggerFunction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * No-data checks on a processing clock set by the test, as bk-monitor makes them: the check of time
 * c covers points in (c − 60 s, c] and runs at c + 175 s (the :55 of the minute after next). Points
 * here come on the minute, so minute m's point is seen by the check of minute m. Anomalies go on
 * through the real trigger, which fires at the fifth consecutive one.
 */
class NoDataFunctionTest {
    static final long T0 = CustomEventFixtures.T0;
    static final long STRATEGY = 7201;

    private KeyedTwoInputStreamOperatorTestHarness<String, NoDataSeen, StrategyHosts, AnomalyRecord>
            h;
    private KeyedOneInputStreamOperatorTestHarness<String, AnomalyRecord, Event> trigger;
    private final List<Event> events = new ArrayList<>();

    @BeforeEach
    void open() throws Exception {
        h =
                ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
                        new NoDataFunction(),
                        NoDataFunction::key,
                        NoDataFunction::configKey,
                        Types.STRING);
        trigger =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        new TriggerFunction(),
                        a -> a.strategyId + "|" + a.itemId + "|" + a.md5Dimension,
                        Types.STRING);
        h.setProcessingTime(T0 * 1000);
    }

    @AfterEach
    void close() throws Exception {
        h.close();
        trigger.close();
    }

    static ObjectNode strategy() throws Exception {
        return (ObjectNode)
                Json.MAPPER.readTree(
                        """
                        {"id": 7201, "bk_biz_id": 5, "name": "App heartbeat", "scenario": "os",
                         "items": [{"id": 8201, "name": "heartbeat",
                           "metric_ids": ["custom.5_bkmonitor_time_series_1572950.__default__.hb"],
                           "data_type": "time_series", "agg_interval": 60,
                           "agg_dimension": ["target"],
                           "algorithms": [{"level": 3, "type": "Threshold",
                              "config": [[{"method": "lt", "threshold": 0}]]}],
                           "no_data_config": {"is_enabled": true, "continuous": 5, "level": 2,
                                              "agg_dimension": ["target"]}}],
                         "detects": [{"level": 3}]}
                        """);
    }

    private void config(ObjectNode s) throws Exception {
        config(s, null);
    }

    /** The strategy's record, with the hosts its target holds in the CMDB when looked up. */
    private void config(ObjectNode s, String[] hosts) throws Exception {
        RawMessage m =
                new RawMessage(
                        "bkm_config",
                        0,
                        0,
                        h.getProcessingTime(),
                        s == null ? null : Json.write(s).getBytes(StandardCharsets.UTF_8));
        m.key = "strategy:" + STRATEGY;
        h.processElement2(StrategyHosts.of(m, hosts), 0);
    }

    private static Map<String, Object> dims(String target) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("target", target);
        d.put("__NO_DATA_DIMENSION__", true);
        return d;
    }

    private void point(String target, long second) throws Exception {
        seen(dims(target), T0 + second);
    }

    /** A point of the series with these no-data dimensions (marker included) at {@code time}. */
    private void seen(Map<String, Object> dims, long time) throws Exception {
        NoDataSeen n = new NoDataSeen();
        n.strategyId = STRATEGY;
        n.bkBizId = "5";
        n.dimensionsJson = Json.write(dims);
        n.md5 = Fingerprint.of(dims);
        n.time = time;
        n.receivedAt = time + 1;
        h.processElement1(n, 0);
    }

    private static Map<String, Object> host(String ip, String cloud) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("bk_target_ip", ip);
        if (cloud != null) {
            d.put("bk_target_cloud_id", cloud);
        }
        d.put("__NO_DATA_DIMENSION__", true);
        return d;
    }

    /** Moves the clock to the check of the window {@code minute} minutes after T0. */
    private List<AnomalyRecord> checkOf(int minute) throws Exception {
        h.getOutput().clear();
        h.setProcessingTime((T0 + minute * 60L + 60 + 115) * 1000);
        List<AnomalyRecord> out = new ArrayList<>(h.extractOutputValues());
        for (AnomalyRecord a : out) {
            trigger.getOutput().clear();
            trigger.processElement(a, 0);
            events.addAll(trigger.extractOutputValues());
        }
        return out;
    }

    private List<CustomEventRecovery> recoveries() {
        return SideOutputs.drain(h, NoDataFunction.RECOVERIES);
    }

    /** Both hosts report minutes 0..lastA and 0..9 respectively; checks 0..9 run. */
    private List<AnomalyRecord> run(int lastMinuteOfA) throws Exception {
        List<AnomalyRecord> all = new ArrayList<>();
        for (int m = 0; m < 10; m++) {
            if (m <= lastMinuteOfA || m >= lastMinuteOfA + 1 + silence) {
                point("app-a", m * 60L);
            }
            point("app-b", m * 60L);
            all.addAll(checkOf(m));
        }
        return all;
    }

    private int silence = 100;

    @Test
    void aSeriesSilentForFivePeriodsRaisesANoDataEventAtLevelTwo() throws Exception {
        config(strategy());
        List<AnomalyRecord> out = run(2); // app-a reports minutes 0..2, then never
        assertThat(out).allSatisfy(a -> assertThat(a.dimensionsJson).contains("app-a"));
        assertThat(out)
                .extracting(a -> a.time)
                .containsExactly(
                        T0 + 180, T0 + 240, T0 + 300, T0 + 360, T0 + 420, T0 + 480, T0 + 540);
        AnomalyRecord first = out.get(0);
        assertThat(first.noData).isTrue();
        assertThat(first.levels).containsExactly(2);
        assertThat(first.triggerCounts).containsExactly(5);
        assertThat(first.triggerWindows).containsExactly(5);
        assertThat(first.receivedAt).isEqualTo(T0 + 180 + 60 + 115); // the timer's own time
        assertThat(first.messages).containsExactly("heartbeat has had no data for 1 period");
        assertThat(out.get(4).messages).containsExactly("heartbeat has had no data for 5 periods");
        assertThat(first.anomalyIds)
                .containsExactly(first.md5Dimension + "." + (T0 + 180) + ".7201.8201.2");
        // the fifth period fires, and every one after
        assertThat(events).hasSize(3);
        Event e = events.get(0);
        assertThat(e.time).isEqualTo(T0 + 420);
        assertThat(e.alertName).isEqualTo("[No data] App heartbeat");
        assertThat(e.severity).isEqualTo(2);
        assertThat(e.tags).extracting(t -> t.key).contains("target", "__NO_DATA_DIMENSION__");
        assertThat(Json.MAPPER.readTree(e.extraInfo).at("/origin_alarm/data/value").isNull())
                .isTrue(); // bk-monitor's no-data record has no value
    }

    @Test
    void fourSilentPeriodsThenDataAgainRaiseNothingAndEndTheRun() throws Exception {
        config(strategy());
        silence = 4;
        List<AnomalyRecord> out = run(2); // app-a misses minutes 3..6, reports from 7
        assertThat(out)
                .extracting(a -> a.time)
                .containsExactly(T0 + 180, T0 + 240, T0 + 300, T0 + 360);
        assertThat(events).isEmpty();
        List<CustomEventRecovery> back = recoveries();
        assertThat(back).hasSize(1);
        CustomEventRecovery r = back.get(0);
        assertThat(r.reason).isEqualTo(CustomEventRecovery.NEW_DATA);
        assertThat(r.time).isEqualTo(T0 + 7 * 60);
        // the fingerprint of the alert the run would have raised
        AnomalyRecord a = out.get(0).at(T0 + 999, 0);
        a.levels = out.get(0).levels;
        assertThat(r.dedupeMd5).isEqualTo(Anomalies.dedupeMd5(a));
    }

    @Test
    void anItemWithoutAnyDataIsOneWholeItemSeriesUntilDataComes() throws Exception {
        config(strategy());
        List<AnomalyRecord> out = new ArrayList<>();
        for (int m = 0; m < 5; m++) {
            out.addAll(checkOf(m));
        }
        assertThat(out).hasSize(5);
        // bk-monitor's F({"__NO_DATA_DIMENSION__": true}) (behaviour spec §2.3)
        assertThat(out)
                .extracting(a -> a.md5Dimension)
                .containsOnly("3e06a0b6d0560271cafee9f08a6da2d7");
        assertThat(events).hasSize(1);
        assertThat(events.get(0).alertName).isEqualTo("[No data] App heartbeat");
        point("app-a", 5 * 60 + 1);
        assertThat(recoveries()).hasSize(1);
        assertThat(checkOf(5)).isEmpty();
    }

    @Test
    void hostsOfAStaticTargetThatNeverReportAreMissing() throws Exception {
        ObjectNode s = strategy();
        ObjectNode item = (ObjectNode) s.path("items").get(0);
        item.set(
                "target",
                Json.MAPPER.readTree(
                        "[[{\"field\": \"bk_target_ip\", \"method\": \"eq\", \"value\":"
                                + " [{\"ip\": \"10.0.0.1\", \"bk_cloud_id\": 0},"
                                + " {\"ip\": \"10.0.0.2\", \"bk_cloud_id\": 0}]}]]"));
        ((ObjectNode) item.path("no_data_config"))
                .set(
                        "agg_dimension",
                        Json.MAPPER.readTree("[\"bk_target_ip\", \"bk_target_cloud_id\"]"));
        config(s);
        seen(host("10.0.0.1", "0"), T0 + 5);
        List<AnomalyRecord> out = checkOf(0);
        assertThat(out).hasSize(1);
        assertThat(out.get(0).dimensionsJson).contains("10.0.0.2").doesNotContain("10.0.0.1");
    }

    @Test
    void hostsTheCmdbHoldsUnderATopologyTargetAreMissingUntilTheyLeaveIt() throws Exception {
        ObjectNode s = strategy();
        ObjectNode item = (ObjectNode) s.path("items").get(0);
        item.set(
                "target",
                Json.MAPPER.readTree(
                        "[[{\"field\": \"host_topo_node\", \"method\": \"eq\", \"value\":"
                                + " [{\"bk_obj_id\": \"module\", \"bk_inst_id\": 731}]}]]"));
        ((ObjectNode) item.path("no_data_config"))
                .set("agg_dimension", Json.MAPPER.readTree("[\"bk_target_ip\"]"));
        config(s, new String[] {"10.0.0.7|0", "10.0.0.8|0"});
        seen(host("10.0.0.7", null), T0);
        assertThat(checkOf(0))
                .extracting(a -> a.dimensionsJson)
                .containsExactly("{\"bk_target_ip\":\"10.0.0.8\",\"__NO_DATA_DIMENSION__\":true}");
        // 10.0.0.8 left the module: no longer missing
        config(s, new String[] {"10.0.0.7|0"});
        seen(host("10.0.0.7", null), T0 + 60);
        assertThat(checkOf(1)).isEmpty();
    }

    @Test
    void aLatePointCannotFillTheNextPeriodButShowsTheSeriesIsAlive() throws Exception {
        config(strategy());
        point("app-a", 0);
        assertThat(checkOf(0)).isEmpty();
        assertThat(checkOf(1)).hasSize(1); // nothing in minute 1
        point("app-a", 60); // minute 1's point, after its check
        assertThat(recoveries()).hasSize(1);
        assertThat(checkOf(2)).extracting(a -> a.time).containsExactly(T0 + 120);
    }

    @Test
    void turningTheStrategyOffEndsStateAndTimersAndOnAgainResumes() throws Exception {
        config(strategy());
        point("app-a", 3);
        assertThat(h.numProcessingTimeTimers()).isEqualTo(1);
        ObjectNode off = strategy();
        ((ObjectNode) off.path("items").get(0).path("no_data_config")).put("is_enabled", false);
        config(off);
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numProcessingTimeTimers()).isZero();
        assertThat(checkOf(3)).isEmpty();
        point("app-a", 4 * 60); // ignored while off
        assertThat(h.numKeyedStateEntries()).isZero();

        config(strategy());
        assertThat(h.numProcessingTimeTimers()).isEqualTo(1);
        // checks start with the window of the config record: the whole item, nothing seen since
        assertThat(checkOf(4)).isEmpty();
        assertThat(checkOf(5))
                .extracting(a -> a.md5Dimension)
                .containsExactly(NoDataRules.WHOLE_ITEM_MD5);
        config(null); // tombstone
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numProcessingTimeTimers()).isZero();
    }

    @Test
    void checksLeftBehindByAStallAreSkippedNotCaughtUp() throws Exception {
        config(strategy());
        point("app-a", 3);
        h.getOutput().clear();
        h.setProcessingTime((T0 + 20 * 60) * 1000); // twenty minutes later at once
        assertThat(h.extractOutputValues()).isEmpty();
        // checks resume with the first window whose check is still ahead of the clock
        assertThat(checkOf(17)).isEmpty();
        assertThat(checkOf(18)).extracting(a -> a.time).containsExactly(T0 + 18 * 60);
    }
}
