package io.bkm.alarm.sinks.es;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.bkm.alarm.common.Secret;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bodies sent from their arrays arrive whole, also when a request is sent again to another host.
 */
class ArrayBodyTest {
    private HttpServer server;
    private final List<byte[]> received = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(
                "/",
                ex -> {
                    byte[] in = ex.getRequestBody().readAllBytes();
                    synchronized (received) {
                        received.add(in);
                    }
                    byte[] out = "{}".getBytes();
                    ex.sendResponseHeaders(200, out.length);
                    ex.getResponseBody().write(out);
                    ex.close();
                });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
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
        String live = "http://127.0.0.1:" + server.getAddress().getPort();
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

        assertThat(received).hasSize(3);
        assertThat(received.get(0)).isEqualTo(body);
        assertThat(received.get(1)).isEqualTo(body);
        assertThat(received.get(2)).isEmpty();
    }
}
