package io.bkm.alarm.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.bkm.alarm.common.Intake;
import io.bkm.alarm.common.InvalidInputException;
import io.bkm.alarm.common.JsonPayload;
import io.bkm.alarm.common.MessageParser;
import io.bkm.alarm.common.Reasons;
import io.bkm.alarm.model.RawMessage;
import io.bkm.alarm.strategy.StrategyParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every hostile variant of a real message of every input, through the input's own parser: each
 * becomes a dead letter with the reason the catalogue names, never records and never a crash.
 */
class HostileInputTest {
    private static final long NOW = 1716950100L;

    static HostileInputs.Shape shapeOf(String kind) {
        return switch (kind) {
            case "custom string" -> HostileInputs.GSE_CUSTOM_EVENT;
            case "process", "custom event report" -> HostileInputs.EVENT_REPORT;
            case "time series report" -> HostileInputs.TIMESERIES;
            case "third-party event" -> HostileInputs.FTA_EVENT;
            case "alert operation" -> HostileInputs.ALERT_OP;
            default -> HostileInputs.GSE_SYSTEM_EVENT;
        };
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void everyHostileVariantOfEveryInputIsADeadLetterWithItsReason() {
        List<String> seen = new ArrayList<>();
        for (IntakeFuzzTest.Kind k : IntakeFuzzTest.kinds()) {
            for (HostileInputs.Hostile h : HostileInputs.of(k.message(), shapeOf(k.name()))) {
                InvalidInputException e =
                        catchThrowableOfType(
                                InvalidInputException.class,
                                () ->
                                        Intake.handle(
                                                (MessageParser) k.parser(),
                                                new RawMessage("t", 0, 0, NOW * 1000L, h.payload()),
                                                1 << 20));
                assertThat(e).as("%s, %s: a dead letter", k.name(), h.name()).isNotNull();
                assertThat(e.reason())
                        .as("%s, %s: %s", k.name(), h.name(), e.getMessage())
                        .isEqualTo(h.reason());
                assertThat(e.getMessage()).isNotBlank();
                seen.add(k.name() + "/" + h.name());
            }
        }
        // twelve real messages, eleven variants each
        assertThat(seen).hasSize(12 * 11);
    }

    @Test
    void everyHostileVariantOfAStrategyIsRefusedWithItsReason() throws Exception {
        String strategy =
                Files.readString(Path.of("../conf/strategies").resolve(shippedStrategy()));
        String compact = io.bkm.alarm.common.Json.MAPPER.readTree(strategy).toString();
        for (HostileInputs.Hostile h : HostileInputs.of(compact, HostileInputs.STRATEGY)) {
            InvalidInputException e =
                    catchThrowableOfType(
                            InvalidInputException.class,
                            () ->
                                    StrategyParser.parse(
                                            JsonPayload.parse(h.payload(), 1 << 20), null));
            assertThat(e).as(h.name()).isNotNull();
            assertThat(e.reason()).as("%s: %s", h.name(), e.getMessage()).isEqualTo(h.reason());
        }
    }

    @Test
    void aStringAtTheLimitPassesAndTheDeadLetterSaysWhereTheBadValueIs() throws Exception {
        String ok = "{\"a\":[{\"b\":\"" + "\u00e9".repeat(32_766 / 2) + "\"}]}";
        assertThat(JsonPayload.parse(ok.getBytes(StandardCharsets.UTF_8), 1 << 20)).isNotNull();
        String tooLong = "{\"a\":[{\"b\":\"" + "\u00e9".repeat(32_766 / 2 + 1) + "\"}]}";
        InvalidInputException e =
                catchThrowableOfType(
                        InvalidInputException.class,
                        () -> JsonPayload.parse(tooLong.getBytes(StandardCharsets.UTF_8), 1 << 20));
        assertThat(e.reason()).isEqualTo(Reasons.TOO_LARGE);
        assertThat(e.getMessage()).endsWith(" at /a/0/b").contains("32768 bytes");
        InvalidInputException name =
                catchThrowableOfType(
                        InvalidInputException.class,
                        () ->
                                JsonPayload.parse(
                                        "{\"x\":{\"k\\u0000\":1}}".getBytes(StandardCharsets.UTF_8),
                                        1 << 20));
        assertThat(name.reason()).isEqualTo(Reasons.INVALID_VALUE);
        assertThat(name.getMessage()).isEqualTo("a string with a NUL character at /x/k\u0000");
    }

    private static String shippedStrategy() throws Exception {
        try (var files = Files.list(Path.of("../conf/strategies"))) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".json"))
                    .sorted()
                    .findFirst()
                    .orElseThrow();
        }
    }
}
