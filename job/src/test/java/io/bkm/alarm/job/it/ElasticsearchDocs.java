package io.bkm.alarm.job.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

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
        Map<String, JsonNode> out = new TreeMap<>();
        forEach(indexPattern, (id, source) -> out.put(id, source));
        return out;
    }

    /**
     * The documents in the indices matching the pattern, once {@code done} holds for them (while a
     * job runs); fails after {@code patience}.
     */
    public Collection<JsonNode> await(
            String indexPattern, Predicate<Collection<JsonNode>> done, Duration patience)
            throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            Collection<JsonNode> docs = List.of();
            try {
                docs = all(indexPattern).values();
            } catch (IllegalStateException notYet) {
                // no index yet
            }
            if (done.test(docs)) {
                return docs;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        indexPattern + " not as awaited within " + patience + ": " + docs);
            }
            Thread.sleep(500);
        }
    }

    /** id → MD5 of _source: compares large sets without holding them. */
    public Map<String, String> digests(String indexPattern) throws Exception {
        Map<String, String> out = new TreeMap<>();
        java.security.MessageDigest md5 = java.security.MessageDigest.getInstance("MD5");
        forEach(
                indexPattern,
                (id, source) ->
                        out.put(
                                id,
                                java.util.HexFormat.of()
                                        .formatHex(
                                                md5.digest(
                                                        source.toString()
                                                                .getBytes(
                                                                        java.nio.charset
                                                                                .StandardCharsets
                                                                                .UTF_8)))));
        return out;
    }

    /** Every document, paged in id order; fails if an id is in two indices. */
    public void forEach(String indexPattern, java.util.function.BiConsumer<String, JsonNode> each)
            throws Exception {
        send(
                "POST",
                "/" + indexPattern + "/_refresh?allow_no_indices=true&ignore_unavailable=true",
                null);
        String after = null;
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (true) {
            String body =
                    "{\"size\":5000,\"query\":{\"match_all\":{}},\"sort\":[{\"id\":\"asc\"}]"
                            + (after == null
                                    ? ""
                                    : ",\"search_after\":["
                                            + MAPPER.writeValueAsString(after)
                                            + "]")
                            + "}";
            JsonNode hits =
                    send(
                                    "POST",
                                    "/"
                                            + indexPattern
                                            + "/_search?allow_no_indices=true&ignore_unavailable=true",
                                    body)
                            .path("hits")
                            .path("hits");
            if (hits.isEmpty()) {
                return;
            }
            for (JsonNode h : hits) {
                String id = h.get("_id").asText();
                if (!seen.add(id)) {
                    throw new IllegalStateException("id " + id + " is in two indices");
                }
                each.accept(id, h.get("_source"));
            }
            after = hits.get(hits.size() - 1).path("sort").get(0).asText();
        }
    }

    /**
     * How many documents the indices hold, as searched: cheap to ask while a run goes on, where
     * {@link #digests} reads every document.
     */
    public long count(String indexPattern) throws Exception {
        return count(indexPattern, "{\"match_all\":{}}");
    }

    /** How many documents of the indices match a query (JSON), as searched: mapped fields only. */
    public long count(String indexPattern, String query) throws Exception {
        send(
                "POST",
                "/" + indexPattern + "/_refresh?allow_no_indices=true&ignore_unavailable=true",
                null);
        return send(
                        "POST",
                        "/"
                                + indexPattern
                                + "/_count?allow_no_indices=true&ignore_unavailable=true",
                        "{\"query\":" + query + "}")
                .path("count")
                .asLong();
    }

    /**
     * Writes a document as another system would, with Elasticsearch's own versions; visible to
     * search at once. Its {@code _version} after the write.
     */
    public long put(String index, String id, String json) throws Exception {
        return send("PUT", "/" + index + "/_doc/" + id + "?refresh=true", json)
                .path("_version")
                .asLong();
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
        // 503: an index just created has no active shard yet, and a search of it fails for a moment
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        while (r.statusCode() == 503 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(
                    method + " " + path + " -> " + r.statusCode() + ": " + r.body());
        }
        return MAPPER.readTree(r.body());
    }
}
