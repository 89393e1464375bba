package io.bkm.alarm.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.bkm.alarm.common.DeadLetters;
import io.bkm.alarm.common.Intake;
import io.bkm.alarm.common.InvalidInputException;
import io.bkm.alarm.common.MessageParser;
import io.bkm.alarm.common.ParseFunction;
import io.bkm.alarm.common.ParseResult;
import io.bkm.alarm.common.Reasons;
import io.bkm.alarm.event.FtaEventParser;
import io.bkm.alarm.gse.GseEventParser;
import io.bkm.alarm.model.CustomEventRecord;
import io.bkm.alarm.model.DataSource;
import io.bkm.alarm.model.GseRecord;
import io.bkm.alarm.model.RawMessage;
import io.bkm.alarm.model.TimeSeriesPoint;
import io.bkm.alarm.report.ReportParser;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * Throws mutated real messages of every input kind at the parsers, and through the Flink parse
 * function, and checks that each one is accounted for: records out, dropped by a named rule, or a
 * dead letter with a known reason. Nothing may throw anything else, nothing may vanish.
 */
class IntakeFuzzTest {
    private static final long SEED = Long.getLong("bkm.fuzz.seed", 7L);
    private static final int PER_KIND = 1_200;
    private static final long NOW = 1716950100L;
    private static final String TOKEN = "9f2c61e3d0b34c8a8a1d7b7f4c6e2a10";
    private static final Map<Long, DataSource> SOURCES =
            Map.of(
                    1572946L, new DataSource(1572946L, TOKEN, DataSource.KIND_EVENT, "5", "events"),
                    1572950L,
                            new DataSource(
                                    1572950L,
                                    "ts-token",
                                    DataSource.KIND_TIME_SERIES,
                                    "5",
                                    "metrics"));

    /** One real message per input kind, with its parser. */
    record Kind(String name, MessageParser<?> parser, String message) {}

    static List<Kind> kinds() {
        GseEventParser gse = new GseEventParser(GseEventParser.Settings.defaults());
        String env =
                "{\"server\":\"10.0.0.11\",\"time\":\"2024-05-29"
                    + " 10:33:53\",\"timezone\":8,\"utctime2\":\"2024-05-29"
                    + " 02:33:53\",\"value\":[{\"event_raw_id\":1,\"event_type\":\"gse_basic_alarm_type\",\"event_time\":\"2024-05-29"
                    + " 10:33:53\",\"event_title\":\"\",\"extra\":%s}]}";
        MessageParser<GseRecord> system = gse::parseSystemEvent;
        MessageParser<GseRecord> customString = gse::parseCustomString;
        MessageParser<GseRecord> process = gse::parseProcessEvent;
        MessageParser<CustomEventRecord> events =
                (json, t) -> ParseResult.of(ReportParser.customEvents(json, SOURCES::get, t));
        MessageParser<TimeSeriesPoint> points =
                (json, t) -> ParseResult.of(ReportParser.timeSeries(json, SOURCES::get, t));
        return List.of(
                new Kind(
                        "agent lost",
                        system,
                        String.format(
                                env,
                                "{\"type\":2,\"count\":2,\"host\":[{\"bizid\":0,\"cloudid\":0,\"ip\":\"10.20.30.40\",\"agent_id\":\"0:10.20.30.40\"},"
                                    + "{\"bizid\":0,\"cloudid\":0,\"agent_id\":\"020000000052540071a4c31716950020e3a4\"}]}")),
                new Kind(
                        "disk full",
                        system,
                        String.format(
                                env,
                                "{\"type\":6,\"bizid\":0,\"cloudid\":0,\"host\":\"10.20.30.40\",\"disk\":\"/data\",\"file_system\":\"/dev/vdb1\","
                                    + "\"fstype\":\"ext4\",\"free\":4,\"used_percent\":96}")),
                new Kind(
                        "disk read-only",
                        system,
                        String.format(
                                env,
                                "{\"type\":3,\"bizid\":0,\"cloudid\":0,\"host\":\"10.20.30.40\",\"ro\":[{\"position\":\"/sys/fs/cgroup\","
                                    + "\"fs\":\"tmpfs\",\"type\":\"tmpfs\"},{\"position\":\"/data2\",\"fs\":\"/dev/vdc1\",\"type\":\"xfs\"}]}")),
                new Kind(
                        "corefile",
                        system,
                        String.format(
                                env,
                                "{\"type\":7,\"bizid\":0,\"cloudid\":0,\"host\":\"10.20.30.40\",\"executable\":\"order-svc\","
                                    + "\"executable_path\":\"/opt/order/bin/order-svc\",\"signal\":\"SIGSEGV\",\"corefile\":\"/data/core_1\"}")),
                new Kind(
                        "ping",
                        system,
                        String.format(
                                env,
                                "{\"type\":8,\"bizid\":0,\"cloudid\":0,\"host\":\"10.0.0.2\",\"iplist\":[\"10.0.0.7\",\"10.0.0.8\"]}")),
                new Kind(
                        "oom",
                        system,
                        String.format(
                                env,
                                "{\"type\":9,\"bizid\":0,\"cloudid\":0,\"host\":\"10.20.30.40\",\"total\":3,\"process\":\"java\",\"message\":\"oom\"}")),
                new Kind(
                        "custom string",
                        customString,
                        "{\"_bizid_\":0,\"_cloudid_\":0,\"_server_\":\"10.20.30.40\",\"_time_\":\"2024-05-29"
                            + " 10:45:00\",\"_utctime_\":\"2024-05-29"
                            + " 02:30:00\",\"_value_\":[\"payment gateway offline\",\"retry queue"
                            + " overflow\"]}"),
                new Kind(
                        "process",
                        process,
                        "{\"data_id\":1100008,\"data\":[{\"event_name\":\"process_restart_failed\",\"event\":{\"content\":\"exit"
                            + " 1\"},"
                            + "\"target\":\"10.20.30.40|0\",\"timestamp\":1716950000123,\"dimension\":{\"bk_target_ip\":\"10.20.30.40\","
                            + "\"bk_target_cloud_id\":\"0\",\"bk_agent_id\":\"\",\"process_group_id\":\"web\",\"process_name\":\"nginx\"}}]}"),
                new Kind(
                        "custom event report",
                        events,
                        "{\"data_id\":1572946,\"access_token\":\""
                                + TOKEN
                                + "\",\"data\":[{\"event_name\":\"login_failed\",\"event\":{\"content\":\"user"
                                + " alice login failed 5 times\"},\"target\":\"10.20.30.40\","
                                + "\"dimension\":{\"module\":\"auth\",\"event_type\":\"abnormal\"},\"timestamp\":1716951234567}]}"),
                new Kind(
                        "time series report",
                        points,
                        "{\"data_id\":1572950,\"access_token\":\"ts-token\",\"data\":[{\"metrics\":{\"cpu_load\":0.75},"
                            + "\"target\":\"10.0.0.1\",\"dimension\":{\"module\":\"db\"},\"timestamp\":1716951234000}]}"),
                new Kind(
                        "third-party event",
                        new FtaEventParser(),
                        "{\"event_id\":\"zbx-99812\",\"plugin_id\":\"zabbix_prod\",\"alert_name\":\"CPU"
                            + " usage high\",\"severity\":2,"
                            + "\"status\":\"ABNORMAL\",\"target_type\":\"HOST\",\"target\":\"10.20.30.41\",\"bk_biz_id\":5,"
                            + "\"tags\":[{\"key\":\"trigger_id\",\"value\":\"18231\"}],\"time\":1716950100,\"extra_info\":{}}"));
    }

    static Set<String> knownReasons() throws IllegalAccessException {
        Set<String> out = new HashSet<>();
        for (Field f : Reasons.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                out.add((String) f.get(null));
            }
        }
        return out;
    }

    @Test
    void everyMutatedMessageIsAccountedForByTheParsers() throws Exception {
        Set<String> reasons = knownReasons();
        MessageMutator mutator = new MessageMutator(SEED);
        Map<String, Integer> tally = new TreeMap<>();
        int total = 0;
        for (Kind k : kinds()) {
            byte[] original = k.message().getBytes(StandardCharsets.UTF_8);
            assertThat(Intake.handle(k.parser(), raw(original), 4096).records())
                    .as("the unmutated %s message parses", k.name())
                    .isNotEmpty();
            for (int i = 0; i < PER_KIND; i++) {
                byte[] mutated = mutator.mutate(original);
                String outcome;
                try {
                    ParseResult<?> r = Intake.handle(k.parser(), raw(mutated), 4096);
                    assertThat(r.isEmpty())
                            .as("%s: nothing came out and nothing was counted", k.name())
                            .isFalse();
                    outcome = r.records().isEmpty() ? "dropped:" + r.dropped().keySet() : "output";
                } catch (InvalidInputException e) {
                    assertThat(reasons).as("reason of %s", e.getMessage()).contains(e.reason());
                    assertThat(e.getMessage()).as("a dead letter says what is wrong").isNotBlank();
                    outcome = "dead letter:" + e.reason();
                } catch (RuntimeException | StackOverflowError e) {
                    throw new AssertionError(
                            k.name() + " crashed on " + new String(mutated, StandardCharsets.UTF_8),
                            e);
                }
                tally.merge(outcome, 1, Integer::sum);
                total++;
            }
        }
        System.out.printf("[fuzz] seed %d, %d mutated messages: %s%n", SEED, total, tally);
        assertThat(total).isGreaterThanOrEqualTo(10_000);
        assertThat(tally.keySet()).anyMatch(k -> k.startsWith("dead letter:"));
        assertThat(tally).containsKey("output");
    }

    @Test
    void theParseFunctionAccountsForEveryMessageAndNeverFails() throws Exception {
        MessageMutator mutator = new MessageMutator(SEED + 1);
        Map<String, Integer> perKind = new LinkedHashMap<>();
        for (Kind k : kinds()) {
            @SuppressWarnings({"unchecked", "rawtypes"})
            ParseFunction<Object> fn = new ParseFunction<>((MessageParser) k.parser(), 4096);
            try (OneInputStreamOperatorTestHarness<RawMessage, Object> h =
                    new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(fn))) {
                h.open();
                int withOutput = 0;
                int dead = 0;
                int dropped = 0;
                byte[] original = k.message().getBytes(StandardCharsets.UTF_8);
                for (int i = 0; i < 200; i++) {
                    int outBefore = h.getOutput().size();
                    var side = h.getSideOutput(DeadLetters.TAG);
                    int deadBefore = side == null ? 0 : side.size();
                    h.processElement(new StreamRecord<>(raw(mutator.mutate(original))));
                    side = h.getSideOutput(DeadLetters.TAG);
                    int deadAfter = side == null ? 0 : side.size();
                    if (h.getOutput().size() > outBefore) {
                        withOutput++;
                    } else if (deadAfter > deadBefore) {
                        dead++;
                    } else {
                        dropped++;
                    }
                }
                assertThat(withOutput + dead + dropped).isEqualTo(200);
                perKind.put(k.name(), dead);
            }
        }
        assertThat(perKind.values().stream().mapToInt(Integer::intValue).sum()).isPositive();
    }

    private static RawMessage raw(byte[] value) {
        return new RawMessage("fuzz", 0, 0, NOW * 1000L, value);
    }
}
