package io.bkm.alarm.job;

/**
 * Operator uids, in graph order. Savepoints map state to operators by these: never rename one, only
 * add. Auto-generated uids are switched off, so an operator without one fails the build of the
 * graph.
 */
public final class Uids {
    // Sources
    public static final String SOURCE_FTA_EVENT = "source-fta-event";
    public static final String SOURCE_GSE_SYSTEM_EVENT = "source-gse-system-event";
    public static final String SOURCE_GSE_CUSTOM_EVENT = "source-gse-custom-event";
    public static final String SOURCE_GSE_PROCESS_EVENT = "source-gse-process-event";
    public static final String SOURCE_CUSTOM_EVENT = "source-custom-event";
    public static final String SOURCE_TIMESERIES = "source-timeseries";
    public static final String SOURCE_CONFIG = "source-config";
    public static final String SOURCE_ALERT_OPS = "source-alert-ops";
    public static final String SOURCE_ALERT_QOS_RELEASE = "source-alert-qos-release";
    public static final String SOURCE_APM_SPAN = "source-apm-span";

    // Parse
    public static final String PARSE_FTA_EVENT = "parse-fta-event";
    public static final String PARSE_GSE_SYSTEM_EVENT = "parse-gse-system-event";
    public static final String PARSE_GSE_CUSTOM_EVENT = "parse-gse-custom-event";
    public static final String PARSE_GSE_PROCESS_EVENT = "parse-gse-process-event";
    public static final String PARSE_CUSTOM_EVENT = "parse-custom-event";
    public static final String PARSE_TIMESERIES = "parse-timeseries";
    public static final String PARSE_ALERT_OPS = "parse-alert-ops";
    public static final String PARSE_ALERT_QOS_RELEASE = "parse-alert-qos-release";

    // Enrich from the CMDB
    public static final String ENRICH_EVENT = "enrich-event";
    public static final String ENRICH_EVENT_OUTCOME = "enrich-event-outcome";
    public static final String ENRICH_GSE = "enrich-gse";
    public static final String ENRICH_GSE_OUTCOME = "enrich-gse-outcome";

    // Bind to strategies and detect
    public static final String STRATEGY_BIND = "strategy-bind";
    public static final String BIND_CUSTOM_EVENT = "bind-custom-event";
    public static final String BIND_TIMESERIES = "bind-timeseries";

    /** The custom events' detection watermarks (before both inputs had their own). */
    public static final String DETECT_WATERMARKS = "detect-watermarks";

    public static final String DETECT_WATERMARKS_TIMESERIES = "detect-watermarks-timeseries";
    public static final String DETECT_WINDOWS = "detect-windows";
    public static final String RESOLVE_NO_DATA_TARGETS = "resolve-no-data-targets";
    public static final String DETECT_NO_DATA = "detect-no-data";
    public static final String DETECT_WINDOWS_UNTIMED = "detect-windows-untimed";
    public static final String DETECT_NO_DATA_UNTIMED = "detect-no-data-untimed";

    // Trigger
    public static final String TRIGGER = "trigger";
    public static final String TRIGGER_RATE_LIMIT = "trigger-rate-limit";

    // Events out
    /** Third-party events to Elasticsearch; monitor events have their own writer. */
    public static final String SINK_EVENT_ES = "sink-event-es";

    public static final String SINK_MONITOR_EVENT_ES = "sink-monitor-event-es";
    public static final String SINK_MONITOR_EVENT_KAFKA = "sink-monitor-event-kafka";

    // Alert lifecycle
    public static final String SHIELD_CONFIG = "shield-config";
    public static final String SHIELD_SCHEDULE = "shield-schedule";

    /** Third-party events to the alert state; monitor events have their own. */
    public static final String ALERT_INPUT_EVENTS = "alert-input-events";

    public static final String ALERT_INPUT_MONITOR_EVENTS = "alert-input-monitor-events";
    public static final String ALERT_INPUT_RECOVERIES = "alert-input-recoveries";
    public static final String ALERT_LIFECYCLE = "alert-lifecycle";

    /** The alert state's logs; flow-control logs (QoS, convergence) have their own writer. */
    public static final String SINK_ALERT_LOG_ES = "sink-alert-log-es";

    // "alert-state" (keyed by the whole fingerprint, one alert per key) was retired when the
    // alert state was keyed by the fingerprint part alert ids carry: its state cannot be mapped.

    // Alert QoS and the alerts out
    public static final String ALERT_QOS = "alert-qos";
    public static final String SINK_ALERT_QOS_RELEASE_KAFKA = "sink-alert-qos-release-kafka";
    public static final String SINK_ALERT_ES = "sink-alert-es";
    public static final String SINK_ALERT_KAFKA = "sink-alert-kafka";
    public static final String SINK_ALERT_REDIS = "sink-alert-redis";

    // Notices
    public static final String NOTICE_INPUT = "notice-input";
    public static final String NOTICE = "notice";
    public static final String ACTION_QOS = "action-qos";
    public static final String NOTICE_ORDER = "notice-order";
    public static final String NOTICE_CONVERGE = "notice-converge";
    public static final String SINK_ACTION_ES = "sink-action-es";
    public static final String SINK_ACTION_KAFKA = "sink-action-kafka";
    public static final String SINK_FLOW_CONTROL_LOG_ES = "sink-flow-control-log-es";

    // Dead letters
    public static final String SINK_DEAD_LETTER_KAFKA = "sink-dead-letter-kafka";

    // APM discovery
    public static final String PARSE_APM_SPAN = "parse-apm-span";
    public static final String APM_APP_CONFIG = "apm-app-config";
    public static final String APM_APP_CONFIG_KEYS = "apm-app-config-keys";
    public static final String APM_BIND = "apm-bind";
    public static final String APM_SPAN_TIMES = "apm-span-times";
    public static final String APM_SPAN_SIGHTINGS = "apm-span-sightings";
    public static final String APM_TRACE = "apm-trace";
    public static final String APM_HOST_TIMES = "apm-host-times";
    public static final String APM_HOST_LOOKUP = "apm-host-lookup";
    public static final String APM_HOST_SIGHTINGS = "apm-host-sightings";
    public static final String APM_ENTITY = "apm-entity";
    public static final String APM_NODE = "apm-node";
    public static final String APM_CAP = "apm-cap";
    public static final String APM_RENDER = "apm-render";
    public static final String SINK_APM_ES = "sink-apm-es";
    public static final String SINK_APM_KAFKA = "sink-apm-kafka";

    private Uids() {}
}
