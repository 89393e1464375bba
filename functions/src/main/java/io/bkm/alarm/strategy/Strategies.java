package io.bkm.alarm.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import io.bkm.alarm.common.ConfigRecords;
import io.bkm.alarm.common.InvalidInputException;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.model.RawMessage;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;

/** Strategies shipped in {@code conf/strategies/} and changed by {@code strategy:{id}} records. */
public final class Strategies {
    public static final String CONFIG_KEY_PREFIX = "strategy:";

    /**
     * Broadcast state: strategy id → the JSON that defined it, or "" once deleted (a tombstone
     * removes a shipped strategy too). Held as text so the state never depends on this model's
     * classes; the name is part of savepoints.
     */
    public static final MapStateDescriptor<Long, String> STATE =
            new MapStateDescriptor<>("strategies", Types.LONG, Types.STRING);

    private Strategies() {}

    /**
     * Applies a {@code bkm_config} record with a {@code strategy:{id}} key to the broadcast state
     * after validating the strategy ("" marks a deleted one, shipped ones included); other keys are
     * ignored.
     *
     * @param stored told the id of a strategy added, changed or deleted
     * @param refused told why an invalid record changed nothing (see {@link ConfigRecords})
     */
    public static void apply(
            RawMessage config,
            BroadcastState<Long, String> state,
            int maxMessageBytes,
            RuntimeContext ctx,
            LongConsumer stored,
            Consumer<InvalidInputException> refused) {
        ConfigRecords.handle(
                config,
                CONFIG_KEY_PREFIX,
                maxMessageBytes,
                ctx,
                (id, json) -> {
                    if (json != null) {
                        StrategyParser.parse(json, id);
                    }
                    try {
                        state.put(id, json == null ? "" : Json.write(json));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    stored.accept(id);
                },
                refused);
    }

    /** Every {@code *.json} of a folder, each one strategy, by id; a bad file stops start-up. */
    public static Map<Long, String> load(Path dir) throws IOException {
        Map<Long, String> out = new TreeMap<>();
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.json")) {
            ds.forEach(files::add);
        }
        files.sort(null);
        for (Path f : files) {
            String text = Files.readString(f);
            JsonNode n = Json.MAPPER.readTree(text);
            try {
                Strategy s = StrategyParser.parse(n, null);
                if (out.put(s.id, Json.write(n)) != null) {
                    throw new IOException(f + ": strategy id " + s.id + " is used twice");
                }
            } catch (InvalidInputException e) {
                throw new IOException(f + ": " + e.getMessage());
            }
        }
        return out;
    }
}
