package io.bkm.alarm.shield;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.bkm.alarm.common.ConfigRecords;
import io.bkm.alarm.common.InvalidInputException;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.common.JsonPayload;
import io.bkm.alarm.model.Alert;
import io.bkm.alarm.model.RawMessage;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * The shields in force: {@code shield:{id}} records of {@code bkm_config}, and which of them hold
 * for an alert at a time (behaviour spec §5.3 ShieldStatusChecker).
 */
public final class Shields {
    public static final String CONFIG_KEY_PREFIX = "shield:";

    /**
     * Key of a record the shield schedule sends when a shield starts or ends: {@code
     * shield-tick:{id}}, with the boundary as its timestamp.
     */
    public static final String TICK_KEY_PREFIX = "shield-tick:";

    /**
     * Broadcast state: shield id → the JSON that defined it. Text, so the state never depends on
     * this model's classes; the name is part of savepoints.
     */
    public static final MapStateDescriptor<Long, String> STATE =
            new MapStateDescriptor<>("shields", Types.LONG, Types.STRING);

    /** Whether and by what an alert is shielded at a time. */
    public record Status(boolean shielded, String[] ids, long leftSeconds) {
        static final Status NONE = new Status(false, new String[0], 0);
    }

    private final ZoneId zone;
    private final Map<Long, Shield> byId = new HashMap<>();

    public Shields(ZoneId zone) {
        this.zone = zone;
    }

    /** The shield a record defines, or null for a tombstone; refuses an invalid one. */
    public static Shield parse(RawMessage config, long id, ZoneId zone, int maxMessageBytes)
            throws InvalidInputException {
        if (config.value == null) {
            return null;
        }
        return Shield.parse(JsonPayload.parse(config.value, maxMessageBytes), id, zone);
    }

    /** The id of a {@code shield:{id}} record (-1 for a malformed one), or null for other keys. */
    public static Long idOf(RawMessage config) {
        return ConfigRecords.idOf(config.key, CONFIG_KEY_PREFIX);
    }

    public ZoneId zone() {
        return zone;
    }

    public void put(Shield shield) {
        byId.put(shield.id, shield);
    }

    public void remove(long id) {
        byId.remove(id);
    }

    /** Sets one shield from its stored JSON; an invalid one is left out. */
    public void put(long id, String json) {
        try {
            byId.put(id, Shield.parse(Json.MAPPER.readTree(json), id, zone));
        } catch (InvalidInputException | JsonProcessingException e) {
            byId.remove(id); // reported where the record was read
        }
    }

    /**
     * Whether shield {@code id} will not hold again after {@code t}; false for an unknown one. A
     * schedule's last tick can overtake a newer record of the same shield, which this tells apart.
     */
    public boolean isOver(long id, long t) {
        Shield s = byId.get(id);
        return s != null && !s.times.activeAt(t) && s.times.nextChange(t) == Long.MAX_VALUE;
    }

    /**
     * The shields holding for {@code a} at {@code t}: their ids, longest-lasting first as
     * bk-monitor lists them, and how long the longest still lasts.
     */
    public Status at(Alert a, long t) {
        if (byId.isEmpty()) {
            return Status.NONE;
        }
        Map<String, Object> dims = null;
        List<long[]> hits = new ArrayList<>();
        for (Shield s : byId.values()) {
            if (!s.appliesTo(a.bkBizId) || !s.times.activeAt(t)) {
                continue;
            }
            if (dims == null) {
                dims = ShieldDimensions.of(a);
            }
            if (s.matches(dims)) {
                hits.add(new long[] {s.id, s.times.activeUntil(t) - t});
            }
        }
        if (hits.isEmpty()) {
            return Status.NONE;
        }
        hits.sort(Comparator.<long[]>comparingLong(h -> -h[1]).thenComparingLong(h -> h[0]));
        String[] ids = hits.stream().map(h -> String.valueOf(h[0])).toArray(String[]::new);
        return new Status(true, ids, hits.get(0)[1]);
    }
}
