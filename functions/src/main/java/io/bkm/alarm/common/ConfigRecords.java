package io.bkm.alarm.common;

import com.fasterxml.jackson.databind.JsonNode;
import io.bkm.alarm.model.RawMessage;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.RuntimeContext;

/**
 * Records of the compacted {@code bkm_config} topic, {@code {kind}:{id}} keys with a JSON object or
 * a tombstone. Every parallel instance of an operator sees every record; the first one reports a
 * refused record, so each becomes one dead letter.
 */
public final class ConfigRecords {
    private ConfigRecords() {}

    /** Applies a record's JSON (null for a tombstone) to an operator's state, or refuses it. */
    @FunctionalInterface
    public interface Apply {
        void apply(long id, JsonNode jsonOrNull) throws InvalidInputException;
    }

    /** The id in a {@code {prefix}{id}} key; null for other keys, -1 for a malformed id. */
    public static Long idOf(String key, String prefix) {
        if (key == null || !key.startsWith(prefix)) {
            return null;
        }
        try {
            return Long.parseLong(key.substring(prefix.length()).trim());
        } catch (NumberFormatException e) {
            return -1L;
        }
    }

    /**
     * Hands a record whose key starts with {@code prefix} to {@code apply}; ignores other keys.
     *
     * @param refused told (on the first parallel instance only) why a record was refused
     */
    public static void handle(
            RawMessage config,
            String prefix,
            int maxMessageBytes,
            RuntimeContext ctx,
            Apply apply,
            Consumer<InvalidInputException> refused) {
        Long id = idOf(config.key, prefix);
        if (id == null) {
            return;
        }
        InvalidInputException why;
        try {
            if (id < 0) {
                throw new InvalidInputException(
                        Reasons.INVALID_VALUE, "config key " + config.key + " has no numeric id");
            }
            apply.apply(
                    id,
                    config.value == null ? null : JsonPayload.parse(config.value, maxMessageBytes));
            return;
        } catch (InvalidInputException e) {
            why = e;
        } catch (RuntimeException e) {
            // config records are replayed at every start: one that throws must become a dead
            // letter, or the job would restart on it for ever
            why = new InvalidInputException(Reasons.INVALID_VALUE, "unusable: " + e);
        }
        if (ctx.getTaskInfo().getIndexOfThisSubtask() == 0) {
            refused.accept(why);
        }
    }
}
