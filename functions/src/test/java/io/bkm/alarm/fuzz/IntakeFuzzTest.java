package io.bkm.alarm.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.bkm.alarm.alert.AlertOpParser;
import io.bkm.alarm.common.DeadLetters;
import io.bkm.alarm.common.Intake;
import io.bkm.alarm.common.InvalidInputException;
import io.bkm.alarm.common.MessageParser;
import io.bkm.alarm.common.ParseFunction;
import io.bkm.alarm.common.ParseResult;
import io.bkm.alarm.common.Reasons;
import io.bkm.alarm.event.FtaEventParser;
import io.bkm.alarm.gse.GseEventParser;
import io.bkm.alarm.model.AlertInput;
import io.bkm.alarm.model.CustomEventRecord;
import io.bkm.alarm.model.DataSource;
import io.bkm.alarm.model.GseRecord;
import io.bkm.alarm.model.RawMessage;
import io.bkm.alarm.model.TimeSeriesPoint;
import io.bkm.alarm.report.ReportParser;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
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
    private static final Map<Long, DataSource> SOURCES =
            Map.of(
                    1572946L,
                            new DataSource(
                                    1572946L,
                                    FuzzCorpus.EVENT_TOKEN,
                                    DataSource.KIND_EVENT,
                                    "5",
                                    "events"),
                    1572950L,
                            new DataSource(
                                    1572950L,
                                    FuzzCorpus.TIME_SERIES_TOKEN,
                                    DataSource.KIND_TIME_SERIES,
                                    "5",
                                    "metrics"));

    /** One real message per input kind, with its parser. */
    record Kind(String name, MessageParser<?> parser, String message) {}

    static List<Kind> kinds() {
        GseEventParser gse = new GseEventParser(GseEventParser.Settings.defaults());
        Map<FuzzCorpus.Input, MessageParser<?>> parsers = new EnumMap<>(FuzzCorpus.Input.class);
        parsers.put(
                FuzzCorpus.Input.GSE_SYSTEM_EVENT,
                (MessageParser<GseRecord>) gse::parseSystemEvent);
        parsers.put(
                FuzzCorpus.Input.GSE_CUSTOM_EVENT,
                (MessageParser<GseRecord>) gse::parseCustomString);
        parsers.put(
                FuzzCorpus.Input.GSE_PROCESS_EVENT,
                (MessageParser<GseRecord>) gse::parseProcessEvent);
        parsers.put(
                FuzzCorpus.Input.CUSTOM_EVENT,
                (MessageParser<CustomEventRecord>)
                        (json, t) ->
                                ParseResult.of(ReportParser.customEvents(json, SOURCES::get, t)));
        parsers.put(
                FuzzCorpus.Input.TIMESERIES,
                (MessageParser<TimeSeriesPoint>)
                        (json, t) ->
                                ParseResult.of(ReportParser.timeSeries(json, SOURCES::get, t)));
        parsers.put(FuzzCorpus.Input.FTA_EVENT, new FtaEventParser());
        List<Kind> kinds =
                new java.util.ArrayList<>(
                        FuzzCorpus.samples("2024-05-29 02:30:00", (NOW - 60) * 1000L).stream()
                                .map(s -> new Kind(s.name(), parsers.get(s.input()), s.message()))
                                .toList());
        kinds.add(
                new Kind(
                        "alert operation",
                        (MessageParser<AlertInput>) AlertOpParser::parse,
                        "{\"op\":\"ack\",\"alert_id\":\"17169500373907712\","
                                + "\"operator\":\"alice\",\"time\":1716950100,"
                                + "\"reason\":\"looking\"}"));
        return kinds;
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
