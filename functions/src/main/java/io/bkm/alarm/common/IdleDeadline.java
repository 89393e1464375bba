package io.bkm.alarm.common;

/**
 * When keyed state that nothing touched for a while is cleared: rounded up to the minute, so a busy
 * key holds few processing-time timers.
 */
public final class IdleDeadline {
    private IdleDeadline() {}

    public static long after(long now, long horizonSeconds) {
        long at = now + horizonSeconds * 1000;
        return at - Math.floorMod(at, 60_000) + 60_000;
    }
}
