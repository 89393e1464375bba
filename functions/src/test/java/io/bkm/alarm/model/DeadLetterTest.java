package io.bkm.alarm.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bkm.alarm.common.Json;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DeadLetterTest {
    private static RawMessage raw(byte[] value) {
        return new RawMessage("bkm_fta_event", 3, 42, 1716950100000L, value);
    }

    @Test
    void aSmallPayloadIsKeptWholeAndNotMarked() throws Exception {
        byte[] v = "{\"event_id\":".getBytes(StandardCharsets.UTF_8);
        JsonNode d = Json.MAPPER.readTree(Json.writeBytes(DeadLetter.of(raw(v), "r", "d")));
        assertThat(d.path("payload").asText()).isEqualTo("{\"event_id\":");
        assertThat(d.path("payload_bytes").asInt()).isEqualTo(v.length);
        assertThat(d.has("payload_truncated")).isFalse();
    }

    @Test
    void aPayloadThatEscapesPastTheLimitIsCutToFitAndMarked() throws Exception {
        byte[] quotes = new byte[1_047_552];
        Arrays.fill(quotes, (byte) '"');
        byte[] json = Json.writeBytes(DeadLetter.of(raw(quotes), "malformed_json", "not JSON"));
        assertThat(json.length).isLessThanOrEqualTo(DeadLetter.MAX_JSON_BYTES);
        JsonNode d = Json.MAPPER.readTree(json);
        assertThat(d.path("payload_truncated").asBoolean()).isTrue();
        assertThat(d.path("payload_bytes").asInt()).isEqualTo(quotes.length);
        String payload = d.path("payload").asText();
        // the most that fits: every quote escaped to two bytes
        assertThat(payload.length()).isBetween(400_000, 500_000);
        assertThat(payload).matches("\"+");
        assertThat(d.path("offset").asLong()).isEqualTo(42);
    }

    @Test
    void aCutNeverSplitsACharacter() throws Exception {
        String faces = "\uD83D\uDE00".repeat(300_000);
        byte[] json =
                Json.writeBytes(
                        DeadLetter.of(raw(faces.getBytes(StandardCharsets.UTF_8)), "r", "d"));
        assertThat(json.length).isLessThanOrEqualTo(DeadLetter.MAX_JSON_BYTES);
        String payload = Json.MAPPER.readTree(json).path("payload").asText();
        assertThat(payload).isNotEmpty();
        assertThat(payload.length() % 2).isZero();
        assertThat(faces).startsWith(payload);
    }
}
