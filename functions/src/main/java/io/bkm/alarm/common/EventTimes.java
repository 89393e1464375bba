package io.bkm.alarm.common;

/**
 * The one rule for times an input claims: not before 1970 and not far ahead of the record that
 * carries it. Old times are left to the expiry rules of bk-monitor that each input follows.
 */
public final class EventTimes {
    /**
     * Reporters' clocks drift and a batch may carry the next minute's points, but a time further
     * ahead would open an alert that no close window or recovery check reaches in time.
     */
    public static final long MAX_AHEAD_SECONDS = 86_400;

    private EventTimes() {}

    /**
     * @param receivedAt epoch seconds of the record that carries the time
     * @return {@code epochSeconds}
     */
    public static long check(long epochSeconds, long receivedAt, String field)
            throws InvalidInputException {
        if (epochSeconds < 0) {
            throw new InvalidInputException(
                    Reasons.INVALID_VALUE, field + " is before 1970: " + epochSeconds);
        }
        if (epochSeconds - receivedAt > MAX_AHEAD_SECONDS) {
            throw new InvalidInputException(
                    Reasons.INVALID_VALUE,
                    field
                            + " is "
                            + (epochSeconds - receivedAt)
                            + " s after the message was received");
        }
        return epochSeconds;
    }
}
