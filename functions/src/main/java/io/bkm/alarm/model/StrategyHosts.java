package io.bkm.alarm.model;

/**
 * A strategy config record with the hosts its target scope holds in the CMDB, for no-data
 * detection: hosts that must report. {@link #hosts} is null when none were looked up.
 */
public class StrategyHosts {
    public RawMessage config;

    /** {@code "ip|cloud"} of each host in scope. */
    public String[] hosts;

    public StrategyHosts() {}

    public static StrategyHosts of(RawMessage config, String[] hosts) {
        StrategyHosts s = new StrategyHosts();
        s.config = config;
        s.hosts = hosts;
        return s;
    }
}
