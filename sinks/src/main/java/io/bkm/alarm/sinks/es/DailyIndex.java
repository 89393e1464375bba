package io.bkm.alarm.sinks.es;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Daily index names by UTC date (contract §3): {@code bkfta_alert_20240529}. */
public final class DailyIndex {
    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);

    /**
     * The last day asked for under each base, with its index name: documents come in runs of the
     * same day, and a name made once is not made, and held by every write waiting for its bulk,
     * again.
     */
    private record Day(long number, String name) {}

    private static final ConcurrentMap<String, Day> LAST = new ConcurrentHashMap<>();

    private DailyIndex() {}

    public static String name(String base, long epochSeconds) {
        long day = Math.floorDiv(epochSeconds, 86_400L);
        Day d = LAST.get(base);
        if (d == null || d.number() != day) {
            d = new Day(day, base + "_" + DAY.format(Instant.ofEpochSecond(day * 86_400L)));
            LAST.put(base, d);
        }
        return d.name();
    }
}
