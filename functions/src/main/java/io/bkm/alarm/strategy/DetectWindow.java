package io.bkm.alarm.strategy;

import java.util.Map;
import java.util.function.LongFunction;

/**
 * One evaluated window of a series, as a level's {@link Detector} sees it.
 *
 * @param start epoch seconds
 * @param unit the item's {@code agg_interval}, seconds
 * @param value the window's aggregate
 * @param label what is measured, e.g. {@code AVG(cpu_load)}
 * @param dimensions the series' dimension values
 * @param history the value of an earlier window of the series by its start, or null; only kept for
 *     detectors that {@link Detector#needsHistory() need it}
 */
public record DetectWindow(
        long start,
        int unit,
        double value,
        String label,
        Map<String, Object> dimensions,
        LongFunction<Double> history) {

    /** The value of the window {@code seconds} before this one, or null. */
    public Double before(long seconds) {
        return history.apply(start - seconds);
    }

    public String dimension(String key) {
        Object v = dimensions.get(key);
        return v == null ? null : v.toString();
    }
}
