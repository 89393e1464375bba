package io.bkm.alarm.job.bench;

/** The index patterns the end-to-end benchmark reads the job's documents from. */
final class E2eIndices {
    static final String EVENTS = "bkfta_event_*";
    static final String ALERTS = "bkfta_alert_*";
    static final String LOGS = "bkfta_log_alert_*";
    static final String ACTIONS = "bkfta_action_*";

    /** Documents of third-party events and their alerts: no strategy bound them. */
    static final String NO_STRATEGY =
            "{\"bool\":{\"must_not\":{\"exists\":{\"field\":\"strategy_id\"}}}}";

    private E2eIndices() {}
}
