package io.bkm.alarm.job.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bkm.alarm.cmdb.CmdbApiMapping;
import io.bkm.alarm.cmdb.CmdbClient;
import io.bkm.alarm.cmdb.CmdbKeys;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.job.config.CmdbApiSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * BlueKing CMDB's HTTP API, answering cache keys with the values the cache would hold (see {@link
 * CmdbApiMapping}). Requests are asynchronous on the JDK client, so no thread waits on the CMDB;
 * any transport error, non-200 status or {@code result: false} fails the future ("could not ask").
 */
public final class CmdbApiClient implements CmdbClient {

    private final CmdbKeys keys;
    private final CmdbApiSettings settings;
    private final HttpClient http;
    private final String authorization;

    public CmdbApiClient(CmdbKeys keys, CmdbApiSettings settings) {
        this.keys = keys;
        this.settings = settings;
        this.http =
                HttpClient.newBuilder()
                        .connectTimeout(Duration.ofMillis(settings.timeoutMs()))
                        .build();
        ObjectNode auth = Json.MAPPER.createObjectNode();
        auth.put("bk_app_code", settings.appCode());
        auth.put("bk_app_secret", settings.appSecret().reveal());
        auth.put("bk_username", settings.username());
        this.authorization = Json.write(auth);
    }

    @Override
    public CompletableFuture<String> hget(String key, String field) {
        Optional<CmdbApiMapping.Query> q = CmdbApiMapping.query(keys, key, field);
        if (q.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return call(
                        settings.path(
                                "list_hosts_without_biz", "/api/v3/hosts/list_hosts_without_app"),
                        CmdbApiMapping.listHostsRequest(q.get()))
                .thenCompose(
                        data -> {
                            List<JsonNode> hosts = CmdbApiMapping.hosts(data);
                            if (hosts.isEmpty() || q.get().answer() != CmdbApiMapping.Answer.HOST) {
                                return CompletableFuture.completedFuture(
                                        CmdbApiMapping.answer(
                                                q.get(), hosts, Json.MAPPER.createArrayNode()));
                            }
                            return call(
                                            settings.path(
                                                    "find_host_biz_relations",
                                                    "/api/v3/hosts/modules/read"),
                                            CmdbApiMapping.relationsRequest(
                                                    CmdbApiMapping.hostIds(hosts)))
                                    .thenApply(rel -> CmdbApiMapping.answer(q.get(), hosts, rel));
                        });
    }

    private CompletableFuture<JsonNode> call(String url, ObjectNode body) {
        // ESB reads credentials from the body, the API gateway from the header: send both
        body.put("bk_app_code", settings.appCode());
        body.put("bk_app_secret", settings.appSecret().reveal());
        body.put("bk_username", settings.username());
        body.put("bk_supplier_account", settings.supplierAccount());
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofMillis(settings.timeoutMs()))
                        .header("Content-Type", "application/json")
                        .header("X-Bkapi-Authorization", authorization)
                        .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)))
                        .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(
                        response -> {
                            if (response.statusCode() != 200) {
                                throw new UncheckedIOException(
                                        new IOException(
                                                "CMDB answered HTTP "
                                                        + response.statusCode()
                                                        + " for "
                                                        + url));
                            }
                            try {
                                return CmdbApiMapping.data(response.body());
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        });
    }

    @Override
    public void close() {
        // the JDK client frees its resources when unreachable (close() is Java 21+)
    }
}
