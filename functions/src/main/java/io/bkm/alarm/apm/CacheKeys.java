package io.bkm.alarm.apm;

/** Identity values joined as bk-monitor's heartbeat keys join them (spec §4.1). */
final class CacheKeys {
    private CacheKeys() {}

    /** The values joined with {@code :}, null rendered as Python renders it. */
    static String join(String... values) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                b.append(':');
            }
            b.append(values[i] == null ? "None" : values[i]);
        }
        return b.toString();
    }
}
