package io.bkm.alarm.common;

/** An input the job cannot use; becomes a dead letter with {@link #reason()}. */
public final class InvalidInputException extends Exception {
    private final String reason;

    public InvalidInputException(String reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    /** Stable code that dead letters are counted by. */
    public String reason() {
        return reason;
    }
}
