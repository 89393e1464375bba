package io.bkm.alarm.job.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.bkm.alarm.common.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Time to page, measured from outside as a user sees it (by the end-to-end benchmark and by
 * TimeToPageIT): probe events, each a new alert of a business of its own (so no other notice
 * converges with it), are sent one at a time; a poller notes when each probe's alert document can
 * be searched in Elasticsearch, and a read_committed reader of the action topic when its first
 * notice arrives.
 */
public final class LatencyProbes implements AutoCloseable {
    private final String prefix;
    private final String ftaTopic;
    private final String alertPattern;
    private final BenchElasticsearch es;
    private final KafkaProducer<String, String> producer;
    private final Map<String, Long> sent = new ConcurrentHashMap<>();
    private final Map<String, Long> documented = new ConcurrentHashMap<>();
    private final Map<String, Long> noticed = new ConcurrentHashMap<>();
    private final List<Thread> watchers = new ArrayList<>();
    private volatile boolean running = true;
    private int next;

    public LatencyProbes(
            String prefix,
            String ftaTopic,
            String alertPattern,
            String actionTopic,
            BenchElasticsearch es,
            BenchKafka kafka) {
        this.prefix = prefix;
        this.ftaTopic = ftaTopic;
        this.alertPattern = alertPattern;
        this.es = es;
        this.producer = kafka.producer(0);
        KafkaConsumer<byte[], byte[]> actions = kafka.committedReader();
        // from the end now: only notices of this run's probes count
        actions.seekToEnd(BenchKafka.assignAll(actions, actionTopic));
        actions.assignment().forEach(actions::position);
        watchers.add(new Thread(() -> readNotices(actions), "probe-notices"));
        watchers.add(new Thread(this::pollDocuments, "probe-documents"));
        watchers.forEach(Thread::start);
    }

    /** Sends the next probe now. */
    public void send() {
        int n = next++;
        String name = prefix + n;
        long now = System.currentTimeMillis();
        String json =
                E2eWorkload.ftaJson(
                        name,
                        name,
                        1,
                        "ABNORMAL",
                        "10.98." + (n / 256 % 256) + "." + (n % 256),
                        1_000_000 + n,
                        now / 1000,
                        "probe");
        sent.put(name, now);
        producer.send(BenchKafka.record(ftaTopic, null, name, json));
        producer.flush();
    }

    public int sentCount() {
        return sent.size();
    }

    /** Waits until every probe has its document and its first notice, or the patience is over. */
    public boolean awaitAll(Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            if (documented.keySet().containsAll(sent.keySet())
                    && noticed.keySet().containsAll(sent.keySet())) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    /** Milliseconds from send to the alert document, per probe that has one. */
    public List<Long> toDocument() {
        return latencies(documented);
    }

    /** Milliseconds from send to the first notice on the action topic, per probe that has one. */
    public List<Long> toNotice() {
        return latencies(noticed);
    }

    private List<Long> latencies(Map<String, Long> seen) {
        List<Long> out = new ArrayList<>();
        sent.forEach(
                (name, at) -> {
                    Long t = seen.get(name);
                    if (t != null) {
                        out.add(t - at);
                    }
                });
        out.sort(null);
        return out;
    }

    private void pollDocuments() {
        String query =
                "{\"size\":10000,\"_source\":[\"alert_name\"],"
                        + "\"query\":{\"prefix\":{\"alert_name.raw\":\""
                        + prefix
                        + "\"}}}";
        while (running) {
            try {
                JsonNode r = es.search(alertPattern, query);
                long now = System.currentTimeMillis();
                for (JsonNode hit : r.path("hits").path("hits")) {
                    documented.putIfAbsent(hit.path("_source").path("alert_name").asText(), now);
                }
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // no index yet, or Elasticsearch busy: ask again
            }
        }
    }

    private void readNotices(KafkaConsumer<byte[], byte[]> actions) {
        try (actions) {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : actions.poll(Duration.ofMillis(100))) {
                    long now = System.currentTimeMillis();
                    JsonNode a = Json.MAPPER.readTree(r.value());
                    String name = a.path("alert").path("alert_name").asText();
                    if (name.startsWith(prefix) && "abnormal".equals(a.path("signal").asText())) {
                        noticed.putIfAbsent(name, now);
                    }
                }
            }
        } catch (Exception e) {
            if (running) {
                throw new IllegalStateException("reading notices failed", e);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread t : watchers) {
            t.join(5000);
        }
        producer.close();
    }
}
