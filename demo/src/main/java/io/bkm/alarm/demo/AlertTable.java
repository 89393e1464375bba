package io.bkm.alarm.job.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints the alerts in Elasticsearch as a table, optionally waiting (with progress lines) until the
 * alerts created since a time hold a given number of events.
 *
 * <p>Usage: {@code AlertTable <es-url> <index-base> <since-epoch-s> <expected-events> <timeout-s>}.
 */
public final class AlertTable {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private AlertTable() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println(
                    "usage: AlertTable <es-url> <index-base> <since-epoch-s> <expected-events>"
                            + " <timeout-s>");
            System.exit(2);
        }
        String url = args[0];
        String index = args[1] + "_*";
        long since = Long.parseLong(args[2]);
        long expected = Long.parseLong(args[3]);
        long deadline = System.nanoTime() + Duration.ofSeconds(Long.parseLong(args[4])).toNanos();
        HttpClient http = HttpClient.newHttpClient();

        JsonNode hits;
        long events;
        while (true) {
            hits = search(http, url, index, since);
            events = 0;
            for (JsonNode h : hits) {
                events += h.path("_source").path("event_count").asLong();
            }
            if (events >= expected) {
                break;
            }
            if (System.nanoTime() > deadline) {
                System.out.printf("gave up waiting: %d of %d events in alerts%n", events, expected);
                print(sources(hits), System.out);
                System.exit(1);
            }
            System.out.printf(
                    "waiting for the job: %d alerts holding %d of %d events so far ...%n",
                    hits.size(), events, expected);
            Thread.sleep(2000);
        }
        System.out.printf("%d alerts holding %d events:%n%n", hits.size(), events);
        print(sources(hits), System.out);
    }

    private static JsonNode search(HttpClient http, String url, String index, long since)
            throws Exception {
        String body =
                "{\"size\":200,\"query\":{\"range\":{\"create_time\":{\"gte\":"
                        + since
                        + "}}},\"sort\":[{\"create_time\":\"asc\"},{\"seq_id\":\"asc\"}]}";
        HttpRequest req =
                HttpRequest.newBuilder(
                                URI.create(
                                        url
                                                + "/"
                                                + index
                                                + "/_search?allow_no_indices=true&ignore_unavailable=true"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .timeout(Duration.ofSeconds(10))
                        .build();
        try {
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                System.out.println(
                        "elasticsearch answered " + r.statusCode() + ": " + cut(r.body(), 300));
                return MAPPER.createArrayNode();
            }
            return MAPPER.readTree(r.body()).path("hits").path("hits");
        } catch (java.io.IOException e) {
            return MAPPER.createArrayNode();
        }
    }

    private static List<JsonNode> sources(JsonNode hits) {
        List<JsonNode> out = new ArrayList<>();
        hits.forEach(h -> out.add(h.path("_source")));
        return out;
    }

    /** Alert documents as a table, one line each: the demo's and {@code bkm alerts}'. */
    public static void print(List<JsonNode> alerts, PrintStream out) {
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
