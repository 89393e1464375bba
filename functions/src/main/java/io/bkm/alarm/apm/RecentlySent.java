package io.bkm.alarm.apm;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last sightings a parallel instance sent, by entity and second, and the last looks of spans it
 * sighted (a span that looks like one sighted in the same second shows nothing new). The same
 * entity seen again in the same second changes nothing downstream (those of a second apply as one,
 * {@link TimeOrdered}), so it is not sent again: a busy endpoint costs one record a second, not one
 * a span. Only a cache: after a restart a sighting may go twice, which changes nothing either.
 */
final class RecentlySent {
    private final Map<Object, Boolean> sent;

    RecentlySent(int capacity) {
        this.sent =
                new LinkedHashMap<>(capacity * 2, 0.75f) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<Object, Boolean> eldest) {
                        return size() > capacity;
                    }
                };
    }

    /** Whether {@code sighting} (entity and second) is new here; it is remembered. */
    boolean firstTime(Object sighting) {
        return sent.put(sighting, Boolean.TRUE) == null;
    }

    /** A sighting's key: its parts joined by a character no part holds. */
    static String key(Object... parts) {
        StringBuilder b = new StringBuilder();
        for (Object p : parts) {
            if (b.length() > 0) {
                b.append('\u0000');
            }
            b.append(p);
        }
        return b.toString();
    }
}
