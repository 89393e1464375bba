package io.bkm.alarm.job.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.bkm.alarm.common.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What Elasticsearch alone can do on this machine with what the job asked of it: the documents the
 * job wrote, read back, and indexed again into fresh indices with the same mappings, as many
 * operations per family as the job made (alerts and actions again and again under rising external
 * versions, as their versions were), from two client threads in bulks of 2,000.
 */
final class ElasticsearchCeiling {
    private static final int BULK = 2_000;
    private static final int THREADS = 2;

    /** One document family: the job's index pattern, the op it writes with, its operations. */
    record Family(String pattern, boolean versioned, long operations) {}

    /** Operations sent, and documents per second. */
    record Result(long operations, double seconds) {
        double perSecond() {
            return operations / seconds;
        }
    }

    private final BenchElasticsearch es;

    ElasticsearchCeiling(BenchElasticsearch es) {
        this.es = es;
    }

    Result measure(List<Family> families) throws Exception {
        List<List<String>> lines = new ArrayList<>();
        for (int i = 0; i < families.size(); i++) {
            lines.add(operations(families.get(i), "bench_ceiling_" + i));
        }
        // the families interleaved, as the job's writers send them side by side
        List<String> all = new ArrayList<>();
        int[] at = new int[lines.size()];
        boolean more = true;
        while (more) {
            more = false;
            for (int f = 0; f < lines.size(); f++) {
                List<String> l = lines.get(f);
                int n = Math.max(1, l.size() / 1000);
                for (int k = 0; k < n && at[f] < l.size(); k++) {
                    all.add(l.get(at[f]++));
                }
                more |= at[f] < l.size();
            }
        }
        lines.clear();
        return new Result(all.size(), load(es, all));
    }

    /**
     * Sends bulk {@code lines} (an action and a document each) from two client threads in bulks of
     * 2,000, and says how many seconds it took.
     */
    static double load(BenchElasticsearch es, List<String> all) throws Exception {
        AtomicInteger nextBulk = new AtomicInteger();
        AtomicReference<Exception> failed = new AtomicReference<>();
        List<Thread> clients = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < THREADS; t++) {
            Thread c =
                    new Thread(
                            () -> {
                                try {
                                    int b;
                                    while ((b = nextBulk.getAndIncrement()) * BULK < all.size()) {
                                        StringBuilder body = new StringBuilder(BULK * 800);
                                        for (int i = b * BULK;
                                                i < Math.min(all.size(), (b + 1) * BULK);
                                                i++) {
                                            body.append(all.get(i));
                                        }
                                        es.bulk(body.toString());
                                    }
                                } catch (Exception e) {
                                    failed.set(e);
                                }
                            },
                            "ceiling-" + t);
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
        return seconds;
    }

    /**
     * The family's documents as bulk lines into a fresh index of the same mapping, repeated until
     * there are as many as the job's operations.
     */
    private List<String> operations(Family f, String index) throws Exception {
        JsonNode mappings = es.call("GET", "/" + f.pattern() + "/_mapping", null);
        JsonNode mapping = mappings.elements().next().path("mappings");
        // refreshed as the job's index is, so both pay for the same refreshes
        JsonNode refresh =
                es.call("GET", "/" + f.pattern() + "/_settings", null)
                        .elements()
                        .next()
                        .path("settings")
                        .path("index")
                        .path("refresh_interval");
        es.call(
                "PUT",
                "/" + index,
                "{\"settings\":{\"number_of_shards\":1,\"number_of_replicas\":0"
                        + (refresh.isTextual()
                                ? ",\"refresh_interval\":" + Json.write(refresh)
                                : "")
                        + "},\"mappings\":"
                        + Json.write(mapping)
                        + "}");
        List<String[]> docs = new ArrayList<>();
        es.scroll(
                f.pattern(),
                hit ->
                        docs.add(
                                new String[] {
                                    hit.path("_id").asText(), Json.write(hit.path("_source"))
                                }));
        List<String> out = new ArrayList<>();
        if (docs.isEmpty()) {
            return out;
        }
        for (long i = 0; i < f.operations(); i++) {
            String[] d = docs.get((int) (i % docs.size()));
            long version = i / docs.size() + 1;
            String action =
                    f.versioned()
                            ? "{\"index\":{\"_index\":\""
                                    + index
                                    + "\",\"_id\":\""
                                    + d[0]
                                    + "\",\"version\":"
                                    + version
                                    + ",\"version_type\":\"external\"}}"
                            : "{\"create\":{\"_index\":\""
                                    + index
                                    + "\",\"_id\":\""
                                    + d[0]
                                    + "\"}}";
            out.add(action + "\n" + d[1] + "\n");
        }
        return out;
    }
}
