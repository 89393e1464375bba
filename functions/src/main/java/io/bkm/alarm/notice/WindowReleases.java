package io.bkm.alarm.notice;

/**
 * When a convergence window is released, on the processing clock: first when it opens, then again
 * each time its release comes while the watermark still moves towards its end, or, after a start,
 * while the watermark is still to come.
 *
 * <p>What the watermark did (when it last moved, whether the input is idle, when the operator
 * started) is not part of checkpoints: after a restore the operator starts again, and the first
 * watermark seen counts as a move.
 */
final class WindowReleases {
    private final long windowSeconds;
    private final long waitMs;
    private long watermark = Long.MIN_VALUE;
    private long movedAt = Long.MIN_VALUE;
    private long startedAt;
    private boolean idle;

    WindowReleases(NoticeConvergeFunction.Settings settings) {
        this.windowSeconds = settings.windowSeconds();
        this.waitMs = settings.waitSeconds() * 1000L;
    }

    /** The operator started (or restarted) at {@code processingTime}. */
    void started(long processingTime) {
        startedAt = processingTime;
    }

    /** The operator took watermark {@code mark} at {@code processingTime}. */
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
     * When window {@code w}, opened at {@code now}, is first due: the wait after its end on the
     * clock, and no sooner than the wait after now. The rest of the window counts at most a
     * window's length, so a host clock ahead of ours does not hold notices for as long as it is
     * ahead.
     */
    long opened(long w, long now) {
        long windowMs = windowSeconds * 1000L;
        long rest = (w + windowSeconds) * 1000L - now;
        return now + Math.max(0, Math.min(rest, windowMs)) + waitMs;
    }

    /**
     * When window {@code w}, due for release at {@code release}, is released: now, or later while
     * the watermark still moves toward its end. In a catch-up its notices then come and are decided
     * in their times' order until the watermark has passed them all, as they would be live, and a
     * replay decides the same; released at the time set when it opened, a window of a backlog read
     * slower than its length passes in the wait would be cut short, and its later notices would
     * start another round of it. It waits until the watermark passes its end or has stood still for
     * the wait. A window dated more than its length ahead of the clock does not wait for the
     * watermark: it is held at most its length, as set when it opened.
     *
     * <p>After a start, before the watermark has moved at all, some input has not been read yet (a
     * partition whose turn has not come in a backlog): the window waits while the input is active,
     * until the sources read that input or give up on it, and at most its length after the start.
     * Without the wait, a backlog's first windows would be released on the clock.
     *
     * @return {@code release} to release it now, else when to look again
     */
    long heldUntil(long w, long release, long now, long watermark) {
        long lastDue = (w + windowSeconds) * 1000L - 1;
        boolean endedByRelease = lastDue < release - waitMs;
        if (!endedByRelease || watermark >= lastDue) {
            return release;
        }
        if (movedAt == Long.MIN_VALUE) {
            long bound = startedAt + windowSeconds * 1000L;
            // an idle input gives no watermark: the clock decides
            return idle || now >= bound ? release : Math.min(now + waitMs, bound);
        }
        return now - movedAt >= waitMs ? release : movedAt + waitMs;
    }
}
