package io.bkm.alarm.sinks.es;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Daily index names by UTC date (contract §3): {@code bkfta_alert_20240529}. */
public final class DailyIndex {
    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);

    /** The last day asked for: documents come in runs of the same day. */
    private record Day(long number, String suffix) {}

    private static volatile Day last = new Day(Long.MIN_VALUE, "");

    private DailyIndex() {}

    public static String name(String base, long epochSeconds) {
        long day = Math.floorDiv(epochSeconds, 86_400L);
        Day d = last;
        if (d.number() != day) {
            d = new Day(day, "_" + DAY.format(Instant.ofEpochSecond(day * 86_400L)));
            last = d;
        }
        return base + d.suffix();
    }
}
