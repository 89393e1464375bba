package io.bkm.alarm.sinks.es;

import io.bkm.alarm.sinks.common.TrustStores;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A minimal Elasticsearch REST client on the JDK's HTTP client: tries the hosts in turn, and
 * reports any transport failure or 5xx/429 as an IOException so callers retry.
 */
public final class ElasticsearchHttp implements AutoCloseable {
    static final String SENDER_THREAD = "elasticsearch sender";

    private final List<String> hosts;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final String authorization;
    private int next;
    private ExecutorService senders;

    public ElasticsearchHttp(List<String> hosts, Duration requestTimeout) {
        this(ElasticsearchConnection.open(hosts), requestTimeout);
    }

    public ElasticsearchHttp(ElasticsearchConnection connection, Duration requestTimeout) {
        if (connection.hosts().isEmpty()) {
            throw new IllegalArgumentException("no Elasticsearch hosts");
        }
        this.hosts = connection.hosts().stream().map(ElasticsearchHttp::normalize).toList();
        this.requestTimeout = requestTimeout;
        this.authorization = connection.authorization();
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (hosts.stream().anyMatch(h -> h.startsWith("https://"))) {
            try {
                b.sslContext(
                        TrustStores.context(
                                connection.truststore(),
                                connection.truststoreType(),
                                connection.truststorePassword()));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        this.http = b.build();
    }

    private HttpRequest.Builder request(
            String host, String method, String path, HttpRequest.BodyPublisher body) {
        HttpRequest.Builder req =
                HttpRequest.newBuilder(URI.create(host + path))
                        .timeout(requestTimeout)
                        .method(method, body);
        if (authorization != null) {
            req.header("Authorization", authorization);
        }
        return req;
    }

    static String normalize(String host) {
        String h = host.contains("://") ? host : "http://" + host;
        return h.endsWith("/") ? h.substring(0, h.length() - 1) : h;
    }

    /** The response; status codes below 500 (other than 429) are the caller's to judge. */
    public HttpResponse<String> send(String method, String path, String body, String contentType)
            throws IOException, InterruptedException {
        return sendBytes(
                method,
                path,
                body == null ? null : body.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                contentType);
    }

    /** As {@link #send(String, String, String, String)}, with a body of bytes. */
    public HttpResponse<String> sendBytes(
            String method, String path, byte[] body, String contentType)
            throws IOException, InterruptedException {
        IOException last = null;
        for (int i = 0; i < hosts.size(); i++) {
            String host = hosts.get(next);
            HttpRequest.Builder req =
                    request(
                            host,
                            method,
                            path,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : ArrayBody.of(body));
            if (contentType != null) {
                req.header("Content-Type", contentType);
            }
            try {
                return checked(
                        method, path, http.send(req.build(), HttpResponse.BodyHandlers.ofString()));
            } catch (IOException e) {
                last = e;
                next = (next + 1) % hosts.size();
            }
        }
        throw last;
    }

    /**
     * As {@link #sendBytes} without waiting, to the current host only; transport failures, 5xx and
     * 429 fail the future with an IOException (the caller retries, over every host). The future
     * completes on one of this client's sender threads, which are kept for the next sends.
     */
    public CompletableFuture<HttpResponse<String>> sendBytesAsync(
            String method, String path, byte[] body, String contentType) {
        HttpRequest.Builder req = request(hosts.get(next), method, path, ArrayBody.of(body));
        if (contentType != null) {
            req.header("Content-Type", contentType);
        }
        HttpRequest request = req.build();
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return checked(
                                method,
                                path,
                                http.send(request, HttpResponse.BodyHandlers.ofString()));
                    } catch (IOException e) {
                        throw new CompletionException(e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new CompletionException(new IOException(method + " " + path, e));
                    } catch (RuntimeException e) {
                        throw new CompletionException(new IOException(method + " " + path, e));
                    }
                },
                senders());
    }

    /**
     * The JDK client's own {@code sendAsync} completes every answer on the common fork-join pool,
     * and where that pool has fewer than two threads (a host of two cores) the JDK starts a new
     * thread for each answer. A sender thread waits for the answer instead, and is reused.
     */
    private synchronized ExecutorService senders() {
        if (senders == null) {
            senders =
                    Executors.newCachedThreadPool(
                            r -> {
                                Thread t = new Thread(r, SENDER_THREAD);
                                t.setDaemon(true);
                                return t;
                            });
        }
        return senders;
    }

    /** Stops the sender threads; a send still waiting for its answer fails. */
    @Override
    public synchronized void close() {
        if (senders != null) {
            senders.shutdownNow();
        }
    }

    private static HttpResponse<String> checked(String method, String path, HttpResponse<String> r)
            throws IOException {
        if (r.statusCode() >= 500 || r.statusCode() == 429) {
            throw new IOException(
                    method + " " + path + " answered " + r.statusCode() + ": " + head(r.body()));
        }
        return r;
    }

    static String head(String s) {
        return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
