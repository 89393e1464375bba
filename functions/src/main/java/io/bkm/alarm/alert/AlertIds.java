package io.bkm.alarm.alert;

import io.bkm.alarm.fingerprint.Fingerprint;
import java.util.regex.Pattern;

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
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    private AlertIds() {}

    public static long sequence(String dedupeMd5, int generation) {
        return prefix(dedupeMd5) * GENERATIONS + Math.floorMod(generation, GENERATIONS);
    }

    /**
     * The alert operator's key for a fingerprint: the part of it every alert id carries, so that a
     * user operation, which names only the alert id, reaches the state of its alert.
     */
    public static String key(String dedupeMd5) {
        return Long.toHexString(prefix(dedupeMd5));
    }

    /** The key of the fingerprint an alert id was made for; null if it is no id of ours. */
    public static String keyOfId(String alertId) {
        if (alertId == null || alertId.length() < 11 || !DIGITS.matcher(alertId).matches()) {
            return null;
        }
        try {
            long sequence = Long.parseLong(alertId.substring(10));
            return Long.toHexString(sequence / GENERATIONS);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static long prefix(String dedupeMd5) {
        // A dedupe_md5 supplied by the sender need not be hex; hash it into shape first.
        String hex = isLowerHex12(dedupeMd5) ? dedupeMd5 : Fingerprint.ofScalar(dedupeMd5);
        return Long.parseLong(hex.substring(0, 12), 16);
    }

    /** A regular expression here cost a few percent of the alert operator (#6). */
    private static boolean isLowerHex12(String s) {
        if (s.length() < 12) {
            return false;
        }
        for (int i = 0; i < 12; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    public static String id(long createTime, long sequence) {
        if (createTime < 0) {
            return String.format("%010d%d", createTime, sequence);
        }
        String time = Long.toString(createTime);
        StringBuilder id = new StringBuilder(30);
        for (int i = time.length(); i < 10; i++) {
            id.append('0');
        }
        return id.append(time).append(sequence).toString();
    }
}
