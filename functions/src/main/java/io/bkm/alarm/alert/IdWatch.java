package io.bkm.alarm.alert;

import io.bkm.alarm.model.Event;

/**
 * Knows an event's id is new without asking the event-id state (#6). An event id hashes the event's
 * time with the rest (behaviour spec §2, {@code id}), so a repeated id has the time it had. A watch
 * says: every id its key remembers that still counts at a record time from {@link #from} on has an
 * event time no later than {@link #latest}; an id with a later time cannot be among them. Most
 * events of a fingerprint come in time order, and that lookup was a seventh of the alert operator's
 * time.
 *
 * <p>A key's watch is held by its alert state while it has exactly one, which is read for every
 * event anyway; by a value state of its own while it has none; and by nobody while it has more than
 * one (the rare case of fingerprints sharing a key).
 */
public class IdWatch {
    /** Record time from which the ids remembered before the watch began have all expired. */
    public long from;

    /** The newest event time among the ids remembered since. */
    public long latest;

    public IdWatch() {}

    static IdWatch of(long from, long latest) {
        IdWatch w = new IdWatch();
        w.from = from;
        w.latest = latest;
        return w;
    }

    /** The event's id is certainly not among those the key remembers. */
    boolean provesNew(Event e) {
        return e.createTime >= from && e.time > latest;
    }

    /** The key remembered the id of an event at {@code time}; true if the watch changed. */
    boolean remembered(long time) {
        if (time <= latest) {
            return false;
        }
        latest = time;
        return true;
    }
}
