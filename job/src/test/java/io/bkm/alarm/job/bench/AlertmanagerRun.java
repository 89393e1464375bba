package io.bkm.alarm.job.bench;

import io.bkm.localservices.Probes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The same alert stream through Prometheus Alertmanager (Debian's {@code prometheus-alertmanager},
 * which {@code scripts/bench.sh} installs): each third-party event as an alert of its labels,
 * posted in batches of 100 from four client threads to a single in-memory Alertmanager that routes
 * to a receiver doing nothing.
 */
final class AlertmanagerRun {
    static final String BINARY = "/usr/bin/prometheus-alertmanager";
    private static final int BATCH = 100;
    private static final int THREADS = 4;

    private AlertmanagerRun() {}

    static boolean available() {
        return Files.isExecutable(Path.of(BINARY));
    }

    /** Alerts per second, or -1 when Alertmanager is not installed. */
    static double alertsPerSecond(E2eWorkload w, Path dir) throws Exception {
        if (!available()) {
            return -1;
        }
        Files.createDirectories(dir);
        Path config = dir.resolve("alertmanager.yml");
        Files.writeString(
                config,
                "route:\n  receiver: blackhole\n  group_by: [alertname, target]\n"
                        + "receivers:\n  - name: blackhole\n");
        int port = Probes.freePort();
        Process am =
                new ProcessBuilder(
                                BINARY,
                                "--config.file=" + config,
                                "--storage.path=" + dir.resolve("data"),
                                "--web.listen-address=127.0.0.1:" + port,
                                "--cluster.listen-address=")
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("alertmanager.log").toFile())
                        .start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            URI api = URI.create("http://127.0.0.1:" + port + "/api/v2/alerts");
            awaitReady(http, URI.create("http://127.0.0.1:" + port + "/-/ready"));
            List<String> batches = batches(w);
            AtomicInteger next = new AtomicInteger();
            AtomicReference<Exception> failed = new AtomicReference<>();
            List<Thread> clients = new ArrayList<>();
            long start = System.nanoTime();
            for (int t = 0; t < THREADS; t++) {
                Thread c =
                        new Thread(
                                () -> {
                                    int b;
                                    try {
                                        while ((b = next.getAndIncrement()) < batches.size()) {
                                            post(http, api, batches.get(b));
                                        }
                                    } catch (Exception e) {
                                        failed.set(e);
                                    }
                                });
                clients.add(c);
                c.start();
            }
            for (Thread c : clients) {
                c.join();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (failed.get() != null) {
                throw failed.get();
            }
            return w.fta / seconds;
        } finally {
            am.destroy();
            am.waitFor();
        }
    }

    /** The third-party events as Alertmanager alerts: labels from what identifies the alert. */
    private static List<String> batches(E2eWorkload w) {
        List<String> out = new ArrayList<>();
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < w.fta; i++) {
            int f = i % E2eWorkload.FINGERPRINTS;
            int host = f / E2eWorkload.ALERT_NAMES;
            String at =
                    Instant.ofEpochSecond(w.now - 1200 + (i / E2eWorkload.FINGERPRINTS) * 60L)
                            .toString();
            if (b.length() > 1) {
                b.append(',');
            }
            b.append("{\"labels\":{\"alertname\":\"bench alert ")
                    .append(f % E2eWorkload.ALERT_NAMES)
                    .append("\",\"target\":\"")
                    .append(E2eWorkload.hostIp(host))
                    .append("\",\"bk_biz_id\":\"")
                    .append(2 + host % 10)
                    .append("\",\"severity\":\"")
                    .append(1 + f % 3)
                    .append("\"},\"annotations\":{\"description\":\"round ")
                    .append(i / E2eWorkload.FINGERPRINTS)
                    .append("\"},\"startsAt\":\"")
                    .append(at)
                    .append("\"}");
            if ((i + 1) % BATCH == 0 || i == w.fta - 1) {
                out.add(b.append(']').toString());
                b = new StringBuilder("[");
            }
        }
        return out;
    }

    private static void post(HttpClient http, URI api, String body)
            throws IOException, InterruptedException {
        HttpResponse<String> r =
                http.send(
                        HttpRequest.newBuilder(api)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("alertmanager answered " + r.statusCode() + ": " + r.body());
        }
    }

    private static void awaitReady(HttpClient http, URI ready) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(
                                        HttpRequest.newBuilder(ready).build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(200);
        }
        throw new IOException("alertmanager did not become ready");
    }
}
