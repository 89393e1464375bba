package io.bkm.alarm.notice;

/**
 * When an operator's watermark last moved, on the processing clock: whether its inputs are still
 * being read or have stalled, or, before the first move, whether they are still to be heard from.
 * Not part of checkpoints: after a restore, the first watermark seen counts as a move.
 */
final class WatermarkMoves {
    private long watermark = Long.MIN_VALUE;
    private long movedAt = Long.MIN_VALUE;
    private long startedAt;
    private boolean idle;

    /** The operator took {@code mark} at {@code processingTime}. */
    void took(long mark, long processingTime) {
        if (mark > watermark) {
            watermark = mark;
            movedAt = processingTime;
        }
    }

    /** The operator's input became idle (every input quiet) or active again. */
    void idle(boolean idle) {
        this.idle = idle;
    }

    /**
     * Whether the watermark is still to come: it never moved since the operator started, and its
     * input is active (some input has neither been read nor given up on yet).
     */
    boolean awaited() {
        return movedAt == Long.MIN_VALUE && !idle;
    }

    /** The operator started (or restarted) at {@code processingTime}. */
    void started(long processingTime) {
        startedAt = processingTime;
    }

    /** When the operator started, on the processing clock. */
    long startedAt() {
        return startedAt;
    }

    /** Whether the watermark has stood still for {@code ms} by {@code now} (processing time). */
    boolean stillFor(long ms, long now) {
        return movedAt == Long.MIN_VALUE || now - movedAt >= ms;
    }

    /** When it last moved (processing time); {@link Long#MIN_VALUE} if it never did. */
    long movedAt() {
        return movedAt;
    }
}
