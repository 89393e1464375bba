package io.bkm.alarm;

import com.fasterxml.jackson.databind.JsonNode;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.model.RawMessage;
import java.nio.charset.StandardCharsets;

/** {@code bkm_config} records as the source hands them over. */
public final class ConfigMessages {
    private ConfigMessages() {}

    /** A record of {@code key} with {@code json} (null: a tombstone), written at {@code at} s. */
    public static RawMessage of(String key, JsonNode json, long at) {
        RawMessage m =
                new RawMessage(
                        "bkm_config",
                        0,
                        0,
                        at * 1000,
                        json == null ? null : Json.write(json).getBytes(StandardCharsets.UTF_8));
        m.key = key;
        return m;
    }
}
