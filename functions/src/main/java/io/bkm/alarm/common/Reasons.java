package io.bkm.alarm.common;

/** Dead-letter reason codes. They are metric labels and what operators filter on: keep them. */
public final class Reasons {
    public static final String EMPTY_MESSAGE = "empty_message";
    public static final String TOO_LARGE = "too_large";
    public static final String INVALID_UTF8 = "invalid_utf8";
    public static final String MALFORMED_JSON = "malformed_json";
    public static final String TOO_DEEP = "too_deep";
    public static final String WRONG_SHAPE = "wrong_shape";
    public static final String MISSING_FIELD = "missing_field";
    public static final String WRONG_TYPE = "wrong_type";

    /** A value of the right type outside what is allowed (e.g. an event name over 128 chars). */
    public static final String INVALID_VALUE = "invalid_value";

    /** A report whose data id is unknown or whose access token does not match. */
    public static final String UNAUTHORIZED = "unauthorized";

    /** A trace batch whose data id no {@code apm_app:} record names. */
    public static final String UNKNOWN_APPLICATION = "unknown_application";

    /** A user operation for an alert the job does not hold (never seen, or ended over 2 h ago). */
    public static final String UNKNOWN_ALERT = "unknown_alert";

    /** A user operation for an alert that has already recovered or closed. */
    public static final String ALERT_ENDED = "alert_ended";

    private Reasons() {}
}
