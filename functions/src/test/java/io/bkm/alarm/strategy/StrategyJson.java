package io.bkm.alarm.strategy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bkm.alarm.common.Json;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Edits of strategy JSON for tests. */
public final class StrategyJson {
    private StrategyJson() {}

    /** Sets a field of the first item to the given JSON and returns the strategy. */
    public static ObjectNode withItemField(ObjectNode strategy, String field, String json) {
        try {
            ((ObjectNode) strategy.path("items").get(0)).set(field, Json.MAPPER.readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return strategy;
    }
}
