package io.bkm.alarm.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import io.bkm.alarm.common.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.LongFunction;

/**
 * One evaluated window of a series, as a level's {@link Detector} sees it.
 *
 * @param start epoch seconds
 * @param unit the item's {@code agg_interval}, seconds
 * @param value the window's aggregate
 * @param label what is measured, e.g. {@code AVG(cpu_load)}
 * @param dimensionsJson the series' dimension values as a JSON object, read only by detectors that
 *     ask for a dimension
 * @param history the value of an earlier window of the series by its start, or null; only kept for
 *     detectors that {@link Detector#needsHistory() need it}
 */
public record DetectWindow(
        long start,
        int unit,
        double value,
        String label,
        String dimensionsJson,
        LongFunction<Double> history) {

    /** The value of the window {@code seconds} before this one, or null. */
    public Double before(long seconds) {
        return history.apply(start - seconds);
    }

    public String dimension(String key) {
        try {
            JsonNode v = Json.MAPPER.readTree(dimensionsJson).get(key);
            return v == null || v.isNull() ? null : v.asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
