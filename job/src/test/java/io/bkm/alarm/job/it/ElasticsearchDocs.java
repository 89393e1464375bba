package io.bkm.alarm.job.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/** Reads documents back from the test Elasticsearch over plain HTTP. */
public final class ElasticsearchDocs {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final String baseUrl;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ElasticsearchDocs(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** id → _source of every document in the indices matching the pattern. */
    public Map<String, JsonNode> all(String indexPattern) throws Exception {
        send(
                "POST",
                "/" + indexPattern + "/_refresh?allow_no_indices=true&ignore_unavailable=true",
                null);
        JsonNode resp =
                send(
                        "POST",
                        "/"
                                + indexPattern
                                + "/_search?allow_no_indices=true&ignore_unavailable=true",
                        "{\"size\":10000,\"query\":{\"match_all\":{}}}");
        Map<String, JsonNode> out = new TreeMap<>();
        JsonNode hits = resp.path("hits").path("hits");
        for (JsonNode h : hits) {
            JsonNode previous = out.put(h.get("_id").asText(), h.get("_source"));
            if (previous != null) {
                throw new IllegalStateException("id " + h.get("_id") + " is in two indices");
            }
        }
        if (resp.path("hits").path("total").path("value").asLong() > hits.size()) {
            throw new IllegalStateException("more than 10000 documents in " + indexPattern);
        }
        return out;
    }

    /** Index names matching the pattern. */
    public JsonNode indices(String pattern) throws Exception {
        return send("GET", "/_cat/indices/" + pattern + "?format=json", null);
    }

    private JsonNode send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
        b.method(
                method,
                body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        b.header("Content-Type", "application/json");
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(
                    method + " " + path + " -> " + r.statusCode() + ": " + r.body());
        }
        return MAPPER.readTree(r.body());
    }
}
