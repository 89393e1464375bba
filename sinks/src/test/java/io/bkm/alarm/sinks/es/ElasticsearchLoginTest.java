package io.bkm.alarm.sinks.es;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.bkm.alarm.common.Secret;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Basic authentication on every request, synchronous and asynchronous, against an HTTP endpoint
 * that records what it was sent (the local Elasticsearch has no security module to test it on).
 */
class ElasticsearchLoginTest {
    private HttpServer server;
    private final List<String> seen = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(
                "/",
                ex -> {
                    String auth = ex.getRequestHeaders().getFirst("Authorization");
                    synchronized (seen) {
                        seen.add(auth == null ? "none" : auth);
                    }
                    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
                    ex.sendResponseHeaders(200, body.length);
                    ex.getResponseBody().write(body);
                    ex.close();
                });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void everyRequestCarriesTheLoginAndAnOpenConnectionNone() throws Exception {
        ElasticsearchConnection login =
                new ElasticsearchConnection(
                        List.of(url()), "alarm", Secret.of("pw:1"), "", "", Secret.NONE);
        ElasticsearchHttp http = new ElasticsearchHttp(login, Duration.ofSeconds(5));
        http.send("GET", "/", null, null);
        http.sendBytesAsync("POST", "/_bulk", new byte[0], "application/x-ndjson").join();
        new ElasticsearchHttp(List.of(url()), Duration.ofSeconds(5)).send("GET", "/", null, null);
        String expected =
                "Basic "
                        + Base64.getEncoder()
                                .encodeToString("alarm:pw:1".getBytes(StandardCharsets.UTF_8));
        assertThat(seen).containsExactly(expected, expected, "none");
        assertThat(login.toString()).doesNotContain("pw:1");
    }

    @Test
    void aUserWithoutAPasswordIsRefused() {
        assertThatThrownBy(
                        () ->
                                new ElasticsearchConnection(
                                        List.of(url()), "alarm", Secret.NONE, "", "", Secret.NONE))
                .hasMessageContaining("needs a password");
    }
}
