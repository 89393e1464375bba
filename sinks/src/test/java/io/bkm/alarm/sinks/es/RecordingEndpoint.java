package io.bkm.alarm.sinks.es;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A local HTTP endpoint that answers every request {@code 200 {}} (or another status) and records
 * what {@code what} reads of it, for the tests of what the client sends.
 */
final class RecordingEndpoint<T> implements AutoCloseable {
    interface Reading<T> {
        T read(HttpExchange exchange) throws IOException;
    }

    private final HttpServer server;
    private final List<T> seen = new ArrayList<>();

    RecordingEndpoint(Reading<T> what) throws IOException {
        this(200, what);
    }

    RecordingEndpoint(int status, Reading<T> what) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(
                "/",
                ex -> {
                    T v = what.read(ex);
                    synchronized (seen) {
                        seen.add(v);
                    }
                    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
                    ex.sendResponseHeaders(status, body.length);
                    ex.getResponseBody().write(body);
                    ex.close();
                });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<T> seen() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
