package io.bkm.alarm.job.bench;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Elasticsearch's write thread pool, read once a second while the time to page is measured: a queue
 * that stays long says the documents wait in Elasticsearch, not in the job.
 */
final class WriteQueueWatch {
    private final BenchElasticsearch es;
    private final Thread reader;
    private volatile boolean running = true;
    private long samples;
    private long queued;
    private long maxQueue;
    private long busy;

    WriteQueueWatch(BenchElasticsearch es) {
        this.es = es;
        reader = new Thread(this::read, "es-write-queue");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        while (running) {
            try {
                JsonNode nodes =
                        es.call("GET", "/_nodes/stats/thread_pool?filter_path=**.write", null)
                                .path("nodes");
                long q = 0;
                long active = 0;
                for (JsonNode n : nodes) {
                    q += n.path("thread_pool").path("write").path("queue").asLong();
                    active += n.path("thread_pool").path("write").path("active").asLong();
                }
                synchronized (this) {
                    samples++;
                    queued += q;
                    maxQueue = Math.max(maxQueue, q);
                    busy += active;
                }
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // Elasticsearch busy: the next second's reading counts
            }
        }
    }

    /** Stops reading; what the readings showed. */
    String stop() throws InterruptedException {
        running = false;
        reader.interrupt();
        reader.join(5000);
        synchronized (this) {
            if (samples == 0) {
                return "Elasticsearch write pool: no reading";
            }
            return String.format(
                    "Elasticsearch write pool over %d readings: %.1f threads busy, %.1f bulk shard"
                            + " requests queued on average, %d at most",
                    samples, (double) busy / samples, (double) queued / samples, maxQueue);
        }
    }
}
