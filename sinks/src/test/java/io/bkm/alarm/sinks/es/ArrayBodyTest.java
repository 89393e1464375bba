package io.bkm.alarm.sinks.es;

import static org.assertj.core.api.Assertions.assertThat;

import io.bkm.alarm.common.Secret;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bodies sent from their arrays arrive whole, also when a request is sent again to another host.
 */
class ArrayBodyTest {
    private RecordingEndpoint<byte[]> server;

    @BeforeEach
    void start() throws Exception {
        server = new RecordingEndpoint<>(ex -> ex.getRequestBody().readAllBytes());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static int deadPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void aLargeBodyArrivesWholeSyncAsyncAndAfterAFailedHost() throws Exception {
        byte[] body = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(body);
        String live = server.url();
        String dead = "http://127.0.0.1:" + deadPort();
        ElasticsearchHttp http =
                new ElasticsearchHttp(
                        new ElasticsearchConnection(
                                List.of(dead, live), "", Secret.NONE, "", "", Secret.NONE),
                        Duration.ofSeconds(10));

        // the dead host first: the same body is published again to the live one
        assertThat(http.sendBytes("POST", "/_bulk", body, "application/x-ndjson").statusCode())
                .isEqualTo(200);
        assertThat(
                        http.sendBytesAsync("POST", "/_bulk", body, "application/x-ndjson")
                                .join()
                                .statusCode())
                .isEqualTo(200);
        assertThat(http.sendBytes("POST", "/_bulk", new byte[0], null).statusCode()).isEqualTo(200);

        List<byte[]> received = server.seen();
        assertThat(received).hasSize(3);
        assertThat(received.get(0)).isEqualTo(body);
        assertThat(received.get(1)).isEqualTo(body);
        assertThat(received.get(2)).isEmpty();
    }
}
