package io.bkm.alarm.strategy;

/**
 * bk-monitor's {@code OsRestart} over {@code system.env.uptime}: the host came up at most 600 s
 * ago, its uptime is below the previous window's (or that window is missing), and it reported 10 or
 * 25 minutes earlier, so a host that has just been installed does not count as restarted.
 */
public final class OsRestart implements Detector {
    public static final String TYPE = "OsRestart";
    static final double MAX_UPTIME = 600;
    static final long EARLIER = 600;
    static final long EARLIEST = 1500;

    @Override
    public boolean holds(DetectWindow w) {
        if (!(w.value() > 0 && w.value() <= MAX_UPTIME)) {
            return false;
        }
        Double previous = w.before(w.unit());
        boolean fell = previous == null || w.value() < previous;
        return fell && (w.before(EARLIER) != null || w.before(EARLIEST) != null);
    }

    @Override
    public String describe(DetectWindow w) {
        return "The host restarted " + Threshold.plain(w.value()) + " seconds ago";
    }

    @Override
    public boolean needsHistory() {
        return true;
    }

    @Override
    public long historySeconds() {
        return EARLIEST;
    }
}
