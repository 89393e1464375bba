package io.bkm.alarm.job.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.demo.GseAlarms;
import io.bkm.alarm.demo.SeedCmdb;
import io.bkm.alarm.job.config.JobSettings;
import io.bkm.alarm.strategy.Strategies;
import io.bkm.localservices.LocalServices;
import io.bkm.localservices.TestServices;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scripted timeline on the running job, in the style of Alertmanager's acceptance tests: events
 * with given record times go in at once, and the alert states and logs are checked at the times the
 * timers were due. The close window is 20 s and the strategy's interval 10 s so the timeline plays
 * in well under a minute of wall time.
 *
 * <pre>
 * t0      CPU event, severity 2        → alert A1 CREATE
 * t0+5    same, severity 2             → A1 CONVERGE
 *         the t0+5 and t0 events resent → duplicates: nothing changes
 * t0+6    same, severity 3             → A1 EVENT_DROP
 * t0+7    same, severity 1             → A1 CLOSE (a higher severity exists), A2 CREATE
 * t0+10   ack A2 by alice              → A2 ACK
 *         close A1 by bob              → dead letter alert_ended
 *         op "snooze"                  → dead letter invalid_value
 * t0+27   nothing since t0+7           → A2 SYSTEM_CLOSE
 * g=t0    GSE disk full, strategy 800  → S CREATE
 * ⌈g+20⌉  window 0 clean               → S RECOVERING
 * ⌈g+30⌉  both windows clean           → S RECOVER   (⌈⌉: the strategy's 15 s check grid)
 * </pre>
 */
class AlertTimelineIT {
    /** The strategy folders the runs are given; removed after the tests. */
    @TempDir static Path strategies;

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @Test
    void alertsAndLogsFollowTheScript() throws Exception {
        LocalServices svc = TestServices.get();
        KafkaTopics kafka = new KafkaTopics(svc.kafkaBootstrap());
        ElasticsearchDocs es = new ElasticsearchDocs(svc.elasticsearchUrl());
        String run = "alert_timeline";
        List<SeedCmdb.Host> hosts = JobRuns.seedHosts(svc, run, 2);
        String gseHost = hosts.get(1).ip(); // business 3

        Path strategies = strategiesDir(quickDiskFull(800, 2));

        JobSettings s =
                JobRuns.runningSettings(
                        svc,
                        run,
                        "--input.strategies-dir",
                        strategies.toString(),
                        "--alert.close-window-seconds",
                        "20");
        // around the recovery check that finds the strategy alert recovering, and the close
        // window that closes A2
        JobRuns.whileRunning(
                s,
                AroundTimers.alerts(
                        c -> c.recovering,
                        c ->
                                c.alert != null
                                        && "CLOSED".equals(c.alert.status)
                                        && c.alert.severity == 1),
                () -> {
                    // t0 + 20 on the 15 s check grid, so recovering and recovered fall on distinct
                    // checks
                    long t0 = ceil15(System.currentTimeMillis() / 1000 + 22) - 20;
                    List<KafkaTopics.Message> fta = new ArrayList<>();
                    fta.add(cpu(2, t0, 0));
                    fta.add(cpu(2, t0 + 5, 1));
                    // a producer's resends: the newest event so far, whose time the alert's id
                    // watch cannot tell from a new one, and an older one it must look up
                    fta.add(cpu(2, t0 + 5, 1));
                    fta.add(cpu(2, t0, 0));
                    fta.add(cpu(3, t0 + 6, 2));
                    fta.add(cpu(1, t0 + 7, 3));
                    kafka.produce(s.topics().ftaEvent(), fta);
                    kafka.produce(
                            s.topics().gseSystemEvent(),
                            List.of(
                                    KafkaTopics.Message.of(
                                            gseHost,
                                            GseAlarms.diskFull(t0, gseHost, "/data"),
                                            t0 * 1000)));

                    String alertIndex = s.elasticsearch().alertIndex() + "_*";
                    JsonNode a2 =
                            await(es, alertIndex, a -> a.path("severity").asInt() == 1, "alert A2")
                                    .get(0);
                    JsonNode a1 =
                            await(
                                            es,
                                            alertIndex,
                                            a ->
                                                    a.path("alert_name")
                                                                    .asText()
                                                                    .equals("CPU usage high")
                                                            && a.path("severity").asInt() == 2
                                                            && a.path("status")
                                                                    .asText()
                                                                    .equals("CLOSED"),
                                            "alert A1 closed")
                                    .get(0);
                    kafka.produce(
                            s.topics().alertOps(),
                            List.of(
                                    op("ack", a2.path("id").asText(), "alice", t0 + 10),
                                    op("close", a1.path("id").asText(), "bob", t0 + 10),
                                    KafkaTopics.Message.of(
                                            "x",
                                            "{\"op\":\"snooze\",\"alert_id\":\"1\"}",
                                            t0 * 1000)));

                    long recovering = t0 + 20;
                    long recovered = ceil15(t0 + 30);
                    JsonNode sAlert =
                            await(
                                            es,
                                            alertIndex,
                                            a ->
                                                    a.path("strategy_id").asLong() == 800
                                                            && a.path("status")
                                                                    .asText()
                                                                    .equals("RECOVERED"),
                                            "strategy alert recovered")
                                    .get(0);
                    JsonNode a2Closed =
                            await(
                                            es,
                                            alertIndex,
                                            a ->
                                                    a.path("id").equals(a2.path("id"))
                                                            && a.path("status")
                                                                    .asText()
                                                                    .equals("CLOSED"),
                                            "A2 system-closed")
                                    .get(0);

                    assertThat(a1.path("end_time").asLong()).isEqualTo(t0 + 7);
                    assertThat(a1.path("event_count").asLong()).isEqualTo(2);
                    assertThat(a2Closed.path("end_time").asLong()).isEqualTo(t0 + 7 + 20);
                    assertThat(a2Closed.path("is_ack").asBoolean()).isTrue();
                    assertThat(a2Closed.path("ack_operator").asText()).isEqualTo("alice");
                    assertThat(a2Closed.path("ack_duration").asLong()).isEqualTo(3);
                    assertThat(sAlert.path("end_time").asLong()).isEqualTo(recovered);

                    Map<String, List<String>> logs = logsByAlert(es, s, 3 + 4 + 3);
                    assertThat(logs.get(a1.path("id").asText()))
                            .containsExactly(
                                    "CREATE@" + t0,
                                    "CONVERGE@" + (t0 + 5),
                                    "EVENT_DROP@" + (t0 + 6),
                                    "CLOSE@" + (t0 + 7));
                    assertThat(logs.get(a2.path("id").asText()))
                            .containsExactly(
                                    "CREATE@" + (t0 + 7),
                                    "ACK@" + (t0 + 10),
                                    "SYSTEM_CLOSE@" + (t0 + 27));
                    assertThat(logs.get(sAlert.path("id").asText()))
                            .containsExactly(
                                    "CREATE@" + t0,
                                    "RECOVERING@" + recovering,
                                    "RECOVER@" + recovered);

                    // a close for the replaced alert, and an operation that is no operation
                    Map<String, String> dead = new TreeMap<>();
                    for (KafkaTopics.Received d : kafka.readCommitted(s.topics().deadLetter())) {
                        JsonNode letter = Json.MAPPER.readTree(d.value());
                        dead.put(letter.path("reason").asText(), letter.path("payload").asText());
                    }
                    assertThat(dead).containsOnlyKeys("alert_ended", "invalid_value");
                    assertThat(dead.get("alert_ended")).contains("bob");
                    assertThat(dead.get("invalid_value")).contains("snooze");
                    AroundTimers.assertBothFailedAndEachOutputOnce(kafka, s);
                });
    }

    /**
     * The shipped disk-full strategy as strategy {@code id} of business 3 on a 10 s interval: every
     * alarm triggers, {@code recoveryWindows} clean windows recover it.
     */
    private static ObjectNode quickDiskFull(long id, int recoveryWindows) throws Exception {
        Map<Long, String> shipped = Strategies.load(Path.of("../conf/strategies"));
        ObjectNode quick = (ObjectNode) Json.MAPPER.readTree(shipped.get(3L));
        quick.put("id", id).put("bk_biz_id", 3).put("name", "Disk full, quick");
        ((ObjectNode) quick.path("items").get(0)).put("id", id * 10 + 1).put("agg_interval", 10);
        ObjectNode detect = (ObjectNode) quick.path("detects").get(0);
        detect.putObject("trigger_config").put("count", 1).put("check_window", 2);
        detect.putObject("recovery_config")
                .put("check_window", recoveryWindows)
                .put("status_setter", "recovery");
        return quick;
    }

    private static Path strategiesDir(ObjectNode strategy) throws Exception {
        Path dir = Files.createTempDirectory(strategies, "timeline-strategies");
        Files.writeString(
                dir.resolve(strategy.path("id").asText() + ".json"), Json.write(strategy));
        return dir;
    }

    /**
     * A strategy alert on the running job is noticed again once its notify interval (60 s, the
     * least a strategy may set) is up and new events came, and, unacked, upgraded to the upgrade
     * group a minute after it began (30 s early, as bk-monitor checks ahead of the clock).
     * Convergence is off: the repeat is the alert's second notice in its window.
     */
    @Test
    void aRepeatAndAnUpgradeNoticeArriveOnTheActionTopic() throws Exception {
        LocalServices svc = TestServices.get();
        KafkaTopics kafka = new KafkaTopics(svc.kafkaBootstrap());
        ElasticsearchDocs es = new ElasticsearchDocs(svc.elasticsearchUrl());
        String run = "repeat_upgrade";
        List<SeedCmdb.Host> hosts = JobRuns.seedHosts(svc, run, 2);
        String gseHost = hosts.get(1).ip(); // business 3

        ObjectNode quick = quickDiskFull(810, 30);
        ObjectNode config = (ObjectNode) quick.path("notice").path("config");
        config.put("notify_interval", 60).put("interval_notify_mode", "standard");
        ObjectNode upgrade =
                config.putObject("upgrade_config")
                        .put("is_enabled", true)
                        .put("upgrade_interval", 1);
        upgrade.putArray("user_groups").add("lead");
        JobSettings s =
                JobRuns.runningSettings(
                        svc,
                        run,
                        "--input.strategies-dir",
                        strategiesDir(quick).toString(),
                        "--notice.converge-window-seconds",
                        "0");
        // around the notice timers: the repeat, and the upgrade
        JobRuns.whileRunning(
                s,
                AroundTimers.actions(a -> a.executeTimes == 2, a -> a.isUpgrade),
                () -> {
                    // alarms in seven windows, the last 72 s ahead: the alert converges them all
                    // and stays abnormal, not recovering, past its upgrade and its repeat
                    long t0 = System.currentTimeMillis() / 1000;
                    List<KafkaTopics.Message> alarms = new ArrayList<>();
                    for (int i = 0; i < 7; i++) {
                        alarms.add(
                                KafkaTopics.Message.of(
                                        gseHost,
                                        GseAlarms.diskFull(t0 + 12 * i, gseHost, "/data"),
                                        t0 * 1000));
                    }
                    kafka.produce(s.topics().gseSystemEvent(), alarms);

                    Map<String, JsonNode> sent = new TreeMap<>();
                    long deadline = System.nanoTime() + PATIENCE.toNanos();
                    while ((sent.keySet().stream().noneMatch(id -> id.endsWith(".upgrade.1"))
                                    || sent.keySet().stream()
                                            .noneMatch(id -> id.endsWith(".abnormal.2")))
                            && System.nanoTime() < deadline) {
                        for (KafkaTopics.Received r : kafka.readCommitted(s.topics().action())) {
                            sent.put(r.json().path("id").asText(), r.json());
                        }
                        Thread.sleep(250);
                    }
                    assertThat(sent).hasSize(3);
                    String alertId = sent.values().iterator().next().path("alert_id").asText();
                    assertThat(sent)
                            .containsOnlyKeys(
                                    alertId + ".abnormal.1",
                                    alertId + ".abnormal.2",
                                    alertId + ".upgrade.1");
                    JsonNode first = sent.get(alertId + ".abnormal.1");
                    JsonNode repeat = sent.get(alertId + ".abnormal.2");
                    JsonNode upgraded = sent.get(alertId + ".upgrade.1");
                    assertThat(first.path("user_groups").toString()).isEqualTo("[\"ops\"]");
                    assertThat(repeat.path("execute_times").asInt()).isEqualTo(2);
                    assertThat(repeat.path("create_time").asLong())
                            .isEqualTo(first.path("create_time").asLong() + 60);
                    assertThat(upgraded.path("is_upgrade").asBoolean()).isTrue();
                    assertThat(upgraded.path("user_groups").toString()).isEqualTo("[\"lead\"]");
                    JsonNode alert =
                            await(
                                            es,
                                            s.elasticsearch().alertIndex() + "_*",
                                            a -> a.path("id").asText().equals(alertId),
                                            "the alert")
                                    .get(0);
                    assertThat(alert.path("status").asText()).isEqualTo("ABNORMAL");
                    assertThat(upgraded.path("create_time").asLong())
                            .isEqualTo(alert.path("begin_time").asLong() + 60 - 30);
                    AroundTimers.assertBothFailedAndEachOutputOnce(kafka, s);
                });
    }

    private static long ceil15(long t) {
        return Math.floorDiv(t + 14, 15) * 15;
    }

    /**
     * An alert acknowledged, unacknowledged and closed by hand on the running job: each operation
     * is logged on the alert at its time, in order, and the close ends the alert with who closed it
     * and why.
     */
    @Test
    void anAlertIsAckedUnackedAndClosedByHand() throws Exception {
        LocalServices svc = TestServices.get();
        KafkaTopics kafka = new KafkaTopics(svc.kafkaBootstrap());
        ElasticsearchDocs es = new ElasticsearchDocs(svc.elasticsearchUrl());
        JobSettings s = JobRuns.runningSettings(svc, "alert_ops_by_hand");
        JobRuns.whileRunning(
                s,
                () -> {
                    long t0 = System.currentTimeMillis() / 1000;
                    kafka.produce(s.topics().ftaEvent(), List.of(cpu(2, t0, 0)));
                    String alertIndex = s.elasticsearch().alertIndex() + "_*";
                    String id =
                            await(es, alertIndex, a -> true, "the alert")
                                    .get(0)
                                    .path("id")
                                    .asText();
                    kafka.produce(
                            s.topics().alertOps(),
                            List.of(
                                    op("ack", id, "alice", t0 + 1),
                                    op("unack", id, "alice", t0 + 2),
                                    op("close", id, "bob", t0 + 3)));

                    JsonNode closed =
                            await(
                                            es,
                                            alertIndex,
                                            a -> a.path("status").asText().equals("CLOSED"),
                                            "the alert closed")
                                    .get(0);
                    assertThat(closed.path("is_ack").asBoolean()).isFalse();
                    assertThat(closed.path("end_time").asLong()).isEqualTo(t0 + 3);
                    assertThat(closed.at("/extra_info/end_description").asText())
                            .isEqualTo("closed by bob: timeline");
                    assertThat(logsByAlert(es, s, 4))
                            .containsExactly(
                                    Map.entry(
                                            id,
                                            List.of(
                                                    "CREATE@" + t0,
                                                    "ACK@" + (t0 + 1),
                                                    "ACK@" + (t0 + 2),
                                                    "CLOSE@" + (t0 + 3))));
                    assertThat(kafka.readCommitted(s.topics().deadLetter())).isEmpty();
                });
    }

    /**
     * Action QoS on the running job, with a limit of two: a fingerprint whose alert opens three
     * times within the window has two abnormal notices sent, and the third to reach QoS dropped and
     * logged {@code ACTION_QOS} on its alert.
     */
    @Test
    void actionQosDropsTheNoticesPastItsLimit() throws Exception {
        LocalServices svc = TestServices.get();
        KafkaTopics kafka = new KafkaTopics(svc.kafkaBootstrap());
        ElasticsearchDocs es = new ElasticsearchDocs(svc.elasticsearchUrl());
        JobSettings s =
                JobRuns.runningSettings(
                        svc,
                        "action_qos",
                        "--notice.action-qos-limit",
                        "2",
                        "--notice.converge-window-seconds",
                        "0",
                        // its alternating events would flap
                        "--alert.flap.count",
                        "0");
        JobRuns.whileRunning(
                s,
                () -> {
                    // the five events in one of QoS's windows, which start on whole minutes
                    long now = System.currentTimeMillis() / 1000;
                    long t0 = now - Math.floorMod(now, 60) + 1;
                    kafka.produce(s.topics().ftaEvent(), alternating(t0, 5));

                    Map<String, List<String>> logs = logsByAlert(es, s, 6);
                    assertThat(logs.values())
                            .extracting(l -> l.stream().filter(x -> !isQos(x)).toList())
                            .containsExactlyInAnyOrder(
                                    List.of("CREATE@" + t0, "RECOVER@" + (t0 + 1)),
                                    List.of("CREATE@" + (t0 + 2), "RECOVER@" + (t0 + 3)),
                                    List.of("CREATE@" + (t0 + 4)));
                    // the notices of different alerts reach QoS in no fixed order: which alert's
                    // is third is not known, only that one is dropped, dated by its alert
                    List<String> dropped =
                            logs.entrySet().stream()
                                    .filter(e -> e.getValue().stream().anyMatch(x -> isQos(x)))
                                    .map(Map.Entry::getKey)
                                    .toList();
                    assertThat(dropped).hasSize(1);
                    List<String> droppedLogs = logs.get(dropped.get(0));
                    assertThat(droppedLogs)
                            .contains(
                                    "ACTION_QOS@"
                                            + droppedLogs.get(0).substring("CREATE@".length()));
                    List<String> sent = List.of();
                    long deadline = System.nanoTime() + PATIENCE.toNanos();
                    while (sent.size() < 2 && System.nanoTime() < deadline) {
                        sent =
                                kafka.readCommitted(s.topics().action()).stream()
                                        .map(r -> r.json().path("id").asText())
                                        .toList();
                        Thread.sleep(250);
                    }
                    assertThat(sent)
                            .hasSize(2)
                            .allSatisfy(id -> assertThat(id).endsWith(".abnormal.1"))
                            .noneSatisfy(id -> assertThat(id).startsWith(dropped.get(0)));
                });
    }

    /**
     * A fingerprint abnormal, recovered, abnormal, recovered and abnormal again within 4 s flaps at
     * its fourth change (A2's recovery): one flapping notice instead of A2's recovery and A3's
     * abnormal notice; quiet for the flap window (20 s here), A3 is noticed as it stands.
     */
    @Test
    void aFlappingFingerprintIsHeldQuietThenNoticedAsItStands() throws Exception {
        LocalServices svc = TestServices.get();
        KafkaTopics kafka = new KafkaTopics(svc.kafkaBootstrap());
        ElasticsearchDocs es = new ElasticsearchDocs(svc.elasticsearchUrl());
        long window = 20;
        JobSettings s =
                JobRuns.runningSettings(
                        svc,
                        "flapping",
                        "--notice.converge-window-seconds",
                        "0",
                        "--alert.flap.window-seconds",
                        Long.toString(window));
        JobRuns.whileRunning(
                s,
                () -> {
                    long t0 = System.currentTimeMillis() / 1000 - 5;
                    kafka.produce(s.topics().ftaEvent(), alternating(t0, 5));

                    long stopped = t0 + 4 + window;
                    Map<String, List<String>> logs = logsByAlert(es, s, 7);
                    List<String> ids = new ArrayList<>(logs.keySet());
                    assertThat(logs.values())
                            .containsExactly(
                                    List.of("CREATE@" + t0, "RECOVER@" + (t0 + 1)),
                                    List.of(
                                            "CREATE@" + (t0 + 2),
                                            "RECOVER@" + (t0 + 3),
                                            "FLAPPING@" + (t0 + 3)),
                                    List.of("CREATE@" + (t0 + 4), "FLAPPING_END@" + stopped));

                    Map<String, JsonNode> alerts = es.all(s.elasticsearch().alertIndex() + "_*");
                    assertThat(alerts.get(ids.get(0)).has("is_flapping")).isFalse();
                    assertThat(alerts.get(ids.get(1)).path("is_flapping").asBoolean()).isTrue();
                    JsonNode a3 = alerts.get(ids.get(2));
                    assertThat(a3.path("is_flapping").isBoolean()).isTrue();
                    assertThat(a3.path("is_flapping").asBoolean()).isFalse();
                    assertThat(a3.path("status").asText()).isEqualTo("ABNORMAL");
                    // is_flapping is mapped: an SRE can search for it
                    assertThat(
                                    es.count(
                                            s.elasticsearch().alertIndex() + "_*",
                                            "{\"term\":{\"is_flapping\":true}}"))
                            .isEqualTo(1);

                    List<String> expected =
                            List.of(
                                    ids.get(0) + ".abnormal.1",
                                    ids.get(1) + ".abnormal.1",
                                    ids.get(1) + ".flapping.1",
                                    ids.get(2) + ".abnormal.1");
                    List<JsonNode> sent = List.of();
                    long deadline = System.nanoTime() + PATIENCE.toNanos();
                    while (sent.size() < expected.size() && System.nanoTime() < deadline) {
                        sent =
                                kafka.readCommitted(s.topics().action()).stream()
                                        .map(r -> r.json())
                                        .toList();
                        Thread.sleep(250);
                    }
                    assertThat(sent)
                            .extracting(a -> a.path("id").asText())
                            .containsExactlyInAnyOrderElementsOf(expected);
                    assertThat(sent)
                            .filteredOn(a -> a.path("alert_id").asText().equals(ids.get(2)))
                            .extracting(a -> a.path("create_time").asLong())
                            .containsExactly(stopped);
                });
    }

    /** {@code n} CPU events a second apart from {@code t0}, abnormal, recovered, abnormal… */
    private static List<KafkaTopics.Message> alternating(long t0, int n) {
        List<KafkaTopics.Message> fta = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            KafkaTopics.Message m = cpu(2, t0 + i, i);
            fta.add(
                    i % 2 == 0
                            ? m
                            : KafkaTopics.Message.of(
                                    m.key(),
                                    new String(m.value(), StandardCharsets.UTF_8)
                                            .replace("ABNORMAL", "RECOVERED"),
                                    m.timestamp()));
        }
        return fta;
    }

    private static boolean isQos(String log) {
        return log.startsWith("ACTION_QOS@");
    }

    private static KafkaTopics.Message cpu(int severity, long time, int n) {
        String json =
                "{\"event_id\":\"cpu-"
                        + n
                        + "\",\"plugin_id\":\"zabbix\",\"alert_name\":\"CPU usage high\","
                        + "\"severity\":"
                        + severity
                        + ",\"status\":\"ABNORMAL\",\"target_type\":\"HOST\","
                        + "\"target\":\"10.9.9.9|0\",\"bk_biz_id\":2,\"time\":"
                        + time
                        + "}";
        return KafkaTopics.Message.of("cpu", json, time * 1000);
    }

    private static KafkaTopics.Message op(String op, String alertId, String who, long time) {
        String json =
                Json.write(
                        Map.of(
                                "op", op,
                                "alert_id", alertId,
                                "operator", who,
                                "time", time,
                                "reason", "timeline"));
        return KafkaTopics.Message.of(alertId, json, time * 1000);
    }

    private static List<JsonNode> await(
            ElasticsearchDocs es, String index, Predicate<JsonNode> wanted, String what)
            throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                List<JsonNode> found = es.all(index).values().stream().filter(wanted).toList();
                if (!found.isEmpty()) {
                    return found;
                }
            } catch (IllegalStateException notYet) {
                // index not created yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError(what + " did not appear within " + PATIENCE);
    }

    /** Alert id → "OP@create_time" in the order the alert wrote them. */
    private static Map<String, List<String>> logsByAlert(
            ElasticsearchDocs es, JobSettings s, int expected) throws Exception {
        String index = s.elasticsearch().logAlertIndex() + "_*";
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        Map<String, JsonNode> docs = Map.of();
        while (System.nanoTime() < deadline && docs.size() < expected) {
            docs = es.all(index);
            Thread.sleep(250);
        }
        // fewer means a log is missing; more, that one was written twice or was not expected
        assertThat(docs).as("alert logs in " + index).hasSize(expected);
        Map<String, List<JsonNode>> grouped = new TreeMap<>();
        docs.values()
                .forEach(
                        l ->
                                grouped.computeIfAbsent(
                                                l.path("alert_id").asText(), k -> new ArrayList<>())
                                        .add(l));
        Map<String, List<String>> out = new TreeMap<>();
        grouped.forEach(
                (alert, logs) -> {
                    logs.sort(Comparator.comparingLong(l -> number(l.path("id").asText())));
                    out.put(
                            alert,
                            logs.stream()
                                    .map(
                                            l ->
                                                    l.path("op_type").asText()
                                                            + "@"
                                                            + l.path("create_time").asLong())
                                    .toList());
                });
        return out;
    }

    /**
     * The log's number within its alert: the last part of {alert_id}.{op}.{n}; logs written after
     * the alert state, without a number ({alert_id}.{op}), come last.
     */
    private static long number(String logId) {
        String last = logId.substring(logId.lastIndexOf('.') + 1);
        return last.chars().allMatch(Character::isDigit) ? Long.parseLong(last) : Long.MAX_VALUE;
    }
}
