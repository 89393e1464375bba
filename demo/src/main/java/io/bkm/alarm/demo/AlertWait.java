package io.bkm.alarm.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Waits, with progress lines, until the alerts in Elasticsearch created since a time hold a given
 * number of events; exits 1 if they do not in time. {@code scripts/demo.sh} then shows them with
 * {@code bkm alerts}.
 *
 * <p>Usage: {@code AlertWait <es-url> <index-base> <since-epoch-s> <expected-events> <timeout-s>}.
 */
public final class AlertWait {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AlertWait() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println(
                    "usage: AlertWait <es-url> <index-base> <since-epoch-s> <expected-events>"
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
                System.exit(1);
            }
            System.out.printf(
                    "waiting for the job: %d alerts holding %d of %d events so far ...%n",
                    hits.size(), events, expected);
            Thread.sleep(2000);
        }
        System.out.printf("%d alerts holding %d events%n", hits.size(), events);
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

    private static String cut(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }
}
