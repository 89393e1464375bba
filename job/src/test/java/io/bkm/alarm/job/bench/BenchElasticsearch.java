package io.bkm.alarm.job.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bkm.alarm.common.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Consumer;

/** What the benchmark asks of Elasticsearch, over plain HTTP. */
public final class BenchElasticsearch {
    private static final String ANY = "?ignore_unavailable=true&allow_no_indices=true";
    private final String base;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public BenchElasticsearch(String base) {
        this.base = base;
    }

    /** Makes every document written to the indices of {@code pattern} searchable now. */
    void refresh(String pattern) throws IOException, InterruptedException {
        call("POST", "/" + pattern + "/_refresh" + ANY, null);
    }

    /** Documents in the indices of {@code pattern} that match {@code query} (all if null). */
    long count(String pattern, String query) throws IOException, InterruptedException {
        String body = query == null ? null : "{\"query\":" + query + "}";
        return call("POST", "/" + pattern + "/_count" + ANY, body).path("count").asLong();
    }

    /** The sum of a numeric field over the indices of {@code pattern}. */
    long sum(String pattern, String field) throws IOException, InterruptedException {
        JsonNode r =
                call(
                        "POST",
                        "/" + pattern + "/_search" + ANY,
                        "{\"size\":0,\"track_total_hits\":true,"
                                + "\"aggs\":{\"s\":{\"sum\":{\"field\":\""
                                + field
                                + "\"}}}}");
        return (long) r.path("aggregations").path("s").path("value").asDouble();
    }

    /** Successful index operations on the indices of {@code pattern} since they were created. */
    long indexOps(String pattern) throws IOException, InterruptedException {
        return call("GET", "/" + pattern + "/_stats/indexing" + ANY, null)
                .path("_all")
                .path("primaries")
                .path("indexing")
                .path("index_total")
                .asLong();
    }

    /** Every document's {@code _source} in the indices of {@code pattern}, in pages. */
    void scroll(String pattern, Consumer<JsonNode> hit) throws IOException, InterruptedException {
        JsonNode page =
                call(
                        "POST",
                        "/" + pattern + "/_search" + ANY + "&scroll=2m",
                        "{\"size\":5000,\"sort\":[\"_doc\"]}");
        while (page.path("hits").path("hits").size() > 0) {
            page.path("hits").path("hits").forEach(hit);
            ObjectNode next = Json.MAPPER.createObjectNode();
            next.put("scroll", "2m").put("scroll_id", page.path("_scroll_id").asText());
            page = call("POST", "/_search/scroll", Json.write(next));
        }
    }

    JsonNode search(String pattern, String body) throws IOException, InterruptedException {
        return call("POST", "/" + pattern + "/_search" + ANY, body);
    }

    /** A bulk request; fails unless every item succeeded or was a version conflict. */
    void bulk(String ndjson) throws IOException, InterruptedException {
        HttpResponse<String> r = send("POST", "/_bulk", ndjson, "application/x-ndjson");
        JsonNode resp = Json.MAPPER.readTree(r.body());
        if (r.statusCode() != 200) {
            throw new IOException("bulk answered " + r.statusCode() + ": " + r.body());
        }
        if (resp.path("errors").asBoolean()) {
            for (JsonNode item : resp.path("items")) {
                int status = item.elements().next().path("status").asInt();
                if (status >= 300 && status != 409) {
                    throw new IOException("bulk item failed: " + item);
                }
            }
        }
    }

    JsonNode call(String method, String path, String body)
            throws IOException, InterruptedException {
        HttpResponse<String> r = send(method, path, body, "application/json");
        if (r.statusCode() >= 300) {
            throw new IOException(
                    method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return Json.MAPPER.readTree(r.body());
    }

    private HttpResponse<String> send(String method, String path, String body, String type)
            throws IOException, InterruptedException {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(Duration.ofSeconds(120))
                        .header("Content-Type", type);
        b.method(
                method,
                body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
