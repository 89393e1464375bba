package io.bkm.alarm.alert;

import io.bkm.alarm.fingerprint.Fingerprint;

/**
 * Alert ids as bk-monitor writes them: the 10-digit create time followed by a decimal sequence.
 *
 * <p>bk-monitor takes the sequence from a Redis counter. Here it is derived from the fingerprint
 * and how many alerts that fingerprint had before, so an id needs no coordination between subtasks,
 * survives rescaling, and comes out the same when the input is replayed. 48 bits of the fingerprint
 * keep two fingerprints from meeting within one second in practice.
 */
public final class AlertIds {
    private static final int GENERATIONS = 100;

    private AlertIds() {}

    public static long sequence(String dedupeMd5, int generation) {
        // A dedupe_md5 supplied by the sender need not be hex; hash it into shape first.
        String hex =
                dedupeMd5.length() >= 12 && dedupeMd5.substring(0, 12).matches("[0-9a-f]{12}")
                        ? dedupeMd5
                        : Fingerprint.ofScalar(dedupeMd5);
        long prefix = Long.parseLong(hex.substring(0, 12), 16);
        return prefix * GENERATIONS + Math.floorMod(generation, GENERATIONS);
    }

    public static String id(long createTime, long sequence) {
        return String.format("%010d%d", createTime, sequence);
    }
}
