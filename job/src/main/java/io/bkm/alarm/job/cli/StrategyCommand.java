package io.bkm.alarm.job.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.bkm.alarm.common.InvalidInputException;
import io.bkm.alarm.common.JsonPayload;
import io.bkm.alarm.strategy.Strategies;
import io.bkm.alarm.strategy.Strategy;
import io.bkm.alarm.strategy.StrategyParser;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code bkm strategy put FILE | list | delete ID}: strategies on the config topic, checked by the
 * job's own parser before anything is written.
 */
final class StrategyCommand {
    private StrategyCommand() {}

    static void run(CliArgs a, Services svc, PrintStream out) throws CliException {
        switch (a.word(1, "put, list or delete")) {
            case "put" -> put(a.word(2, "the strategy file"), svc, out);
            case "list" -> list(svc, out);
            case "delete" -> delete(a.idWord(2, "a strategy id"), svc, out);
            default ->
                    throw new CliException(
                            "strategy put FILE, strategy list or strategy delete ID");
        }
    }

    private static void put(String file, Services svc, PrintStream out) throws CliException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(Path.of(file));
        } catch (IOException e) {
            throw new CliException("cannot read " + file + ": " + e.getMessage());
        }
        Strategy st;
        JsonNode json;
        try {
            json = JsonPayload.parse(bytes, svc.settings.input().maxMessageBytes());
            st = StrategyParser.parse(json, null);
        } catch (InvalidInputException e) {
            throw new CliException(file + " is refused (" + e.reason() + "): " + e.getMessage());
        }
        svc.send(
                svc.settings.topics().config(),
                Strategies.CONFIG_KEY_PREFIX + st.id,
                json.toString());
        out.printf(
                "strategy %d (%s) written to %s%n", st.id, st.name, svc.settings.topics().config());
    }

    private static void list(Services svc, PrintStream out) throws CliException {
        Map<Long, String> all = new TreeMap<>();
        Map<Long, String> source = new TreeMap<>();
        svc.settings
                .input()
                .strategies()
                .forEach(
                        (id, json) -> {
                            all.put(id, json);
                            source.put(id, "shipped");
                        });
        ConfigTopic.latest(svc, Strategies.CONFIG_KEY_PREFIX)
                .forEach(
                        (id, json) -> {
                            all.put(id, json);
                            source.put(id, "config topic");
                        });
        out.printf("%-8s %-6s %-8s %-13s %s%n", "ID", "BIZ", "ENABLED", "FROM", "NAME");
        for (Map.Entry<Long, String> e : all.entrySet()) {
            if (e.getValue() == null || e.getValue().isEmpty()) {
                continue; // deleted
            }
            JsonNode st = ConfigTopic.json(e.getValue());
            out.printf(
                    "%-8d %-6s %-8s %-13s %s%n",
                    e.getKey(),
                    st.path("bk_biz_id").asText(),
                    st.path("enabled").asBoolean(true),
                    source.get(e.getKey()),
                    st.path("name").asText());
        }
    }

    private static void delete(long id, Services svc, PrintStream out) throws CliException {
        Map<Long, String> onTopic = ConfigTopic.latest(svc, Strategies.CONFIG_KEY_PREFIX);
        boolean known =
                onTopic.containsKey(id)
                        ? onTopic.get(id) != null && !onTopic.get(id).isEmpty()
                        : svc.settings.input().strategies().containsKey(id);
        if (!known) {
            throw new CliException("no strategy " + id);
        }
        svc.send(svc.settings.topics().config(), Strategies.CONFIG_KEY_PREFIX + id, null);
        out.printf("strategy %d deleted%n", id);
    }
}
