package io.bkm.alarm.alert;

import io.bkm.alarm.strategy.Strategy;
import java.util.TreeSet;

/**
 * The strategy part of bk-monitor's CloseStatusChecker (behaviour spec §5.3, rules 2 and 5): an
 * alert raised under a strategy closes when the strategy is deleted or disabled, when what it
 * watches (metrics) or how it groups (dimensions) changes, or when it no longer detects the alert's
 * level.
 */
public final class StrategyCloseCheck {
    public static final String DELETED = "strategy deleted or disabled";
    public static final String CHANGED = "strategy changed: metrics or dimensions differ";
    public static final String NO_DATA_OFF = "strategy changed: no-data detection is off";
    public static final String LEVEL_GONE = "strategy changed: the alert's level is not detected";

    private StrategyCloseCheck() {}

    /** What must stay the same for the alerts of a strategy to stay open. */
    public static String shape(Strategy s) {
        Strategy.Item item = s.firstItem();
        return String.join(",", new TreeSet<>(item.metricIds))
                + "|"
                + String.join(",", new TreeSet<>(item.aggDimension));
    }

    /**
     * @param current the strategy now, null when deleted or unknown
     * @param shape the strategy's shape when the alert was raised, null if it was unknown then
     * @param noData a no-data alert, whose level is {@code no_data_config}'s
     * @return why the alert must close, or null
     */
    public static String reason(Strategy current, String shape, int severity, boolean noData) {
        if (current == null || !current.enabled) {
            return DELETED;
        }
        if (!shape(current).equals(shape)) {
            return CHANGED;
        }
        if (noData) {
            Strategy.NoDataConfig nd = current.firstItem().noDataConfig;
            return !nd.isEnabled ? NO_DATA_OFF : nd.level != severity ? LEVEL_GONE : null;
        }
        if (current.detect(severity) == null) {
            return LEVEL_GONE;
        }
        return null;
    }
}
