package io.bkm.alarm.alert;

import io.bkm.alarm.common.ConfigRecords;
import io.bkm.alarm.common.InvalidInputException;
import io.bkm.alarm.model.Alert;
import io.bkm.alarm.model.RawMessage;
import io.bkm.alarm.shield.Shield;
import io.bkm.alarm.shield.ShieldScheduleFunction;
import io.bkm.alarm.shield.Shields;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Map;
import org.apache.flink.api.common.state.BroadcastState;

/**
 * Shields over the alert state (§5.3 ShieldStatusChecker): which open alerts a shield covers, kept
 * current from the broadcast shield records and the shield schedule's ticks. The alert state
 * function asks it about every alert version it writes and, when a shield starts, ends or changes,
 * about every open alert.
 */
final class AlertShielding {
    private final ZoneId zone;
    private final int maxMessageBytes;
    private Shields shields;

    AlertShielding(ZoneId zone, int maxMessageBytes) {
        this.zone = zone;
        this.maxMessageBytes = maxMessageBytes;
    }

    /** Loads the shields once per instance; records and ticks keep them current after that. */
    Shields load(Iterable<Map.Entry<Long, String>> stored) {
        if (shields == null) {
            shields = new Shields(zone);
            stored.forEach(e -> shields.put(e.getKey(), e.getValue()));
        }
        return shields;
    }

    /**
     * Sets whether an open alert is shielded, as of its update time; every version written passes
     * here, so a version never carries a stale shield state.
     */
    void mark(Alert a) {
        if (a.isAbnormal() && shields != null) {
            AlertBuilder.shield(a, shields.at(a, a.updateTime));
        }
    }

    /** Whether an open alert's shield state changes as of a shield boundary at {@code at}. */
    boolean reshield(Alert a, long at) {
        return a.isAbnormal()
                && AlertBuilder.reshield(a, shields.at(a, Math.max(at, a.updateTime)), at);
    }

    /**
     * A shield added, changed or deleted.
     *
     * @return whether the open alerts must be looked at again (as of the record's time)
     */
    boolean onConfig(RawMessage config, BroadcastState<Long, String> state) throws Exception {
        long id = ShieldScheduleFunction.key(config);
        if (id < 0) {
            return false; // reported by the shield schedule
        }
        Shields known = load(state.immutableEntries());
        Shield shield;
        try {
            shield = Shields.parse(config, id, known.zone(), maxMessageBytes);
        } catch (InvalidInputException e) {
            return false; // reported by the shield schedule; the shield stays as it was
        }
        if (shield == null) {
            state.remove(id);
            known.remove(id);
        } else {
            state.put(id, new String(config.value, StandardCharsets.UTF_8));
            known.put(shield);
        }
        return true;
    }

    /** A shield starts or ends at the tick's time: the open alerts are looked at again. */
    void onTick(RawMessage tick, BroadcastState<Long, String> state) throws Exception {
        Long id = ConfigRecords.idOf(tick.key, Shields.TICK_KEY_PREFIX);
        Shields known = load(state.immutableEntries());
        // the shield will not hold again, unless a newer record of it came first
        if (id != null && tick.value != null && known.isOver(id, tick.timestamp / 1000)) {
            state.remove(id);
            known.remove(id);
        }
    }
}
