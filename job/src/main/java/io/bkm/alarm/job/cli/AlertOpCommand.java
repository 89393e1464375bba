package io.bkm.alarm.job.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bkm.alarm.common.Json;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

/**
 * {@code bkm ack|unack|close ID}: the operation goes to the operations topic, and the tool waits
 * until the alert document shows it.
 */
final class AlertOpCommand {
    private AlertOpCommand() {}

    static void run(String op, CliArgs a, Services svc, PrintStream out) throws CliException {
        String id = a.word(1, "the alert id");
        JsonNode alert = AlertsCommand.find(svc, id);
        String status = alert.path("status").asText();
        boolean ended = status.equals("RECOVERED") || status.equals("CLOSED");
        if (ended && !op.equals("unack")) {
            throw new CliException("alert " + id + " already ended (" + status + ")");
        }
        Predicate<JsonNode> done =
                switch (op) {
                    case "ack" -> x -> x.path("is_ack").asBoolean();
                    case "unack" -> x -> !x.path("is_ack").asBoolean();
                    default -> x -> x.path("status").asText().equals("CLOSED");
                };
        if (op.equals("unack") && !alert.path("is_ack").asBoolean()) {
            throw new CliException("alert " + id + " is not acknowledged");
        }
        ObjectNode m = Json.MAPPER.createObjectNode();
        m.put("op", op).put("alert_id", id);
        // routes it to an alert whose id is not the job's own, such as one carried over by
        // bootstrap
        m.put("dedupe_md5", alert.path("dedupe_md5").asText());
        m.put("operator", a.flag("operator") != null ? a.flag("operator") : user());
        m.put("time", Instant.now().getEpochSecond());
        if (a.flag("reason") != null) {
            m.put("reason", a.flag("reason"));
        }
        svc.send(svc.settings.topics().alertOps(), id, Json.write(m));
        Duration patience = a.duration("timeout", Duration.ofSeconds(60));
        long deadline = System.nanoTime() + patience.toNanos();
        while (!done.test(AlertsCommand.find(svc, id))) {
            if (System.nanoTime() > deadline) {
                throw new CliException(
                        "sent, but alert "
                                + id
                                + " did not show the "
                                + op
                                + " within "
                                + patience.toSeconds()
                                + " s: is the job running?");
            }
            sleep();
        }
        out.printf("alert %s: %s done%n", id, op);
    }

    private static String user() {
        String u = System.getenv("USER");
        return u == null || u.isEmpty() ? "bkm" : u;
    }

    private static void sleep() throws CliException {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }
}
