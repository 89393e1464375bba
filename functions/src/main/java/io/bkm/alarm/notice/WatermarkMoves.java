package io.bkm.alarm.notice;

/**
 * When an operator's watermark last moved, on the processing clock: whether its inputs are still
 * being read or have stalled. Not part of checkpoints: after a restore, the first watermark seen
 * counts as a move.
 */
final class WatermarkMoves {
    private long watermark = Long.MIN_VALUE;
    private long movedAt = Long.MIN_VALUE;

    /** The operator took {@code mark} at {@code processingTime}. */
    void took(long mark, long processingTime) {
        if (mark > watermark) {
            watermark = mark;
            movedAt = processingTime;
        }
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
