package io.bkm.alarm.model;

/** Event and alert status values (behaviour spec §2.2). */
public final class EventStatus {
    public static final String ABNORMAL = "ABNORMAL";
    public static final String RECOVERED = "RECOVERED";
    public static final String CLOSED = "CLOSED";

    private EventStatus() {}
}
