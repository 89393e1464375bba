package io.bkm.alarm.sinks.es;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Daily index names by UTC date (contract §3): {@code bkfta_alert_20240529}. */
public final class DailyIndex {
    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);

    private DailyIndex() {}

    public static String name(String base, long epochSeconds) {
        return base + "_" + DAY.format(Instant.ofEpochSecond(epochSeconds));
    }
}
