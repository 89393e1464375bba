package io.bkm.alarm.job.cli;

/** What went wrong, in one line a person can act on; the tool exits non-zero with it. */
final class CliException extends Exception {
    CliException(String message) {
        super(message, null, false, false);
    }
}
