package io.bkm.alarm.job.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.bkm.alarm.common.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** {@code bkm dead-letters [--since 1h] [--reason R]}: counts by reason and the latest payloads. */
final class DeadLettersCommand {
    private static final int LATEST = 5;
    private static final int SHOWN_CHARS = 200;

    private DeadLettersCommand() {}

    static void run(CliArgs a, Services svc, PrintStream out) throws CliException {
        long since =
                System.currentTimeMillis() - a.duration("since", Duration.ofHours(1)).toMillis();
        String reason = a.flag("reason");
        Map<String, Integer> byReason = new TreeMap<>();
        List<JsonNode> kept = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r :
                svc.read(svc.settings.topics().deadLetter(), since)) {
            JsonNode d;
            try {
                d = Json.MAPPER.readTree(r.value());
            } catch (IOException e) {
                continue; // not the job's: nothing to count it by
            }
            if (reason != null && !reason.equals(d.path("reason").asText())) {
                continue;
            }
            byReason.merge(
                    d.path("source_topic").asText() + " " + d.path("reason").asText(),
                    1,
                    Integer::sum);
            kept.add(d);
        }
        out.printf("%-40s %s%n", "SOURCE TOPIC, REASON", "COUNT");
        byReason.forEach((k, n) -> out.printf("%-40s %d%n", k, n));
        out.printf("%nlatest %d:%n", Math.min(LATEST, kept.size()));
        for (JsonNode d : kept.subList(Math.max(0, kept.size() - LATEST), kept.size())) {
            String payload = d.path("payload").asText();
            out.printf(
                    "%s@%d/%d %s: %s%n  %s%n",
                    d.path("source_topic").asText(),
                    d.path("partition").asInt(),
                    d.path("offset").asLong(),
                    d.path("reason").asText(),
                    d.path("detail").asText(),
                    payload.length() > SHOWN_CHARS
                            ? payload.substring(0, SHOWN_CHARS) + " …"
                            : payload);
        }
    }
}
