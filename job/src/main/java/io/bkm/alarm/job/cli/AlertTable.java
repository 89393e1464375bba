package io.bkm.alarm.job.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** Alert documents as a table, one line each ({@code bkm alerts}). */
final class AlertTable {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private AlertTable() {}

    static void print(List<JsonNode> alerts, PrintStream out) {
        String fmt = "%-20s %-9s %-8s %6s  %-26s %-16s %-14s %-14s %s%n";
        out.printf(
                fmt,
                "ALERT ID",
                "STATUS",
                "SEVERITY",
                "EVENTS",
                "ALERT NAME",
                "TARGET",
                "BEGIN (UTC)",
                "LATEST (UTC)",
                "FLAGS");
        for (JsonNode a : alerts) {
            out.printf(
                    fmt,
                    a.path("id").asText(),
                    a.path("status").asText(),
                    severity(a.path("severity").asInt()),
                    a.path("event_count").asText(),
                    cut(a.path("alert_name").asText(), 26),
                    cut(a.path("event").path("target").asText(), 16),
                    TIME.format(Instant.ofEpochSecond(a.path("begin_time").asLong())),
                    TIME.format(Instant.ofEpochSecond(a.path("latest_time").asLong())),
                    flags(a));
        }
    }

    private static String flags(JsonNode a) {
        List<String> f = new ArrayList<>();
        if (a.path("is_ack").asBoolean()) {
            f.add("acked");
        }
        if (a.path("is_shielded").asBoolean()) {
            f.add("shielded");
        }
        if (a.path("is_flapping").asBoolean()) {
            f.add("flapping");
        }
        return f.isEmpty() ? "-" : String.join(",", f);
    }

    private static String severity(int s) {
        return switch (s) {
            case 1 -> "fatal";
            case 2 -> "warning";
            default -> "remind";
        };
    }

    private static String cut(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }
}
