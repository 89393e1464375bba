package io.bkm.alarm.sinks.es;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bkm.alarm.common.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
    private RecordingEndpoint<String> server;

    @BeforeEach
    void start() throws Exception {
        server =
                new RecordingEndpoint<>(
                        ex -> {
                            String auth = ex.getRequestHeaders().getFirst("Authorization");
                            return auth == null ? "none" : auth;
                        });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String url() {
        return server.url();
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
        assertThat(server.seen()).containsExactly(expected, expected, "none");
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
