package io.bkm.alarm.sinks.es;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.sinks.common.BatchSettings;
import io.bkm.alarm.sinks.common.CompactingSink;
import io.bkm.alarm.sinks.common.CompactingWriter;
import io.bkm.alarm.sinks.common.SendLane;
import io.bkm.alarm.sinks.common.TaskServices;
import io.bkm.alarm.sinks.common.WriteCodec;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bulk writes to Elasticsearch. At-least-once: what a checkpoint covers is either written or held
 * in the checkpoint to be sent again; the documents' deterministic ids and version guards make
 * repeats harmless.
 */
public class ElasticsearchBulkSink<T> extends CompactingSink<T, BulkWrite> {
    private final ElasticsearchConnection connection;
    private final BatchSettings batch;
    private final DocumentWrites.Writer<T> writes;
    private final String name;
    private final SendLane.Spec lane;

    public ElasticsearchBulkSink(
            String name,
            ElasticsearchConnection connection,
            BatchSettings batch,
            DocumentWrites.Writer<T> writes) {
        this(name, connection, batch, writes, null);
    }

    /**
     * @param lane the lane its bulks share with other writers' (see {@link SendLane}); null: none
     */
    public ElasticsearchBulkSink(
            String name,
            ElasticsearchConnection connection,
            BatchSettings batch,
            DocumentWrites.Writer<T> writes,
            SendLane.Spec lane) {
        this.name = name;
        this.connection = connection;
        this.batch = batch;
        this.writes = writes;
        this.lane = lane;
    }

    /** The lane its bulks share with other writers'; null: none. */
    public SendLane.Spec lane() {
        return lane;
    }

    @Override
    public CompactingWriter<T, BulkWrite> newWriter(TaskServices task) {
        return new Writer<>(
                name,
                new ElasticsearchHttp(connection, Duration.ofSeconds(60)),
                batch,
                writes,
                lane == null ? null : lane.shared(),
                task);
    }

    @Override
    protected WriteCodec<BulkWrite> writeCodec() {
        return new BulkWriteCodec();
    }

    static final class Writer<T> extends CompactingWriter<T, BulkWrite> {
        private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchBulkSink.class);

        /** Only the items that failed are listed back: a bulk that went well answers briefly. */
        private static final String BULK = "/_bulk?filter_path=errors,items.*.status,items.*.error";

        private static final String NDJSON = "application/x-ndjson";
        private final ElasticsearchHttp http;
        private final DocumentWrites.Writer<T> writes;
        private final SendLane lane;

        /** With a latency metric: when the event of each document waiting to be written was. */
        private final Histogram latency;

        private final Map<Object, Long> eventMillis = new HashMap<>();

        Writer(
                String name,
                ElasticsearchHttp http,
                BatchSettings batch,
                DocumentWrites.Writer<T> writes,
                SendLane lane,
                TaskServices task) {
            super("elasticsearch (" + name + ")", batch, task);
            this.http = http;
            this.writes = writes;
            this.lane = lane;
            String metric = writes.latencyMetric();
            latency =
                    metric == null
                            ? null
                            : task.metrics()
                                    .addGroup("strategy_id", "__total__")
                                    .histogram(metric, new DescriptiveStatisticsHistogram(1000));
        }

        @Override
        protected BulkWrite toWrite(T element) {
            BulkWrite w = writes.write(element);
            if (latency != null) {
                // a newer version of the document replaces the older one in the buffer too
                eventMillis.put(w.key(), writes.eventMillis(element));
            }
            return w;
        }

        @Override
        protected void answered(List<BulkWrite> sent, Result<BulkWrite> r) {
            if (latency == null) {
                return;
            }
            long now = System.currentTimeMillis();
            Set<BulkWrite> again = Collections.newSetFromMap(new IdentityHashMap<>());
            again.addAll(r.retry());
            for (BulkWrite w : sent) {
                if (!again.contains(w)) {
                    // none for writes restored from a checkpoint: their events are not known
                    Long at = eventMillis.remove(w.key());
                    if (at != null && at >= 0) {
                        latency.update(Math.max(0, now - at));
                    }
                }
            }
        }

        /** None for a create-if-absent write: a repeat of it is a conflict, and that is success. */
        @Override
        protected Object documentKey(BulkWrite w) {
            return w.createOnly() ? null : w.key();
        }

        @Override
        protected BulkWrite merge(BulkWrite buffered, BulkWrite incoming) {
            return BulkWrite.keepOf(buffered, incoming);
        }

        @Override
        protected Result<BulkWrite> send(List<BulkWrite> batch)
                throws IOException, InterruptedException {
            return result(batch, http.sendBytes("POST", BULK, BulkWrite.body(batch), NDJSON));
        }

        @Override
        protected CompletableFuture<Result<BulkWrite>> sendAsync(List<BulkWrite> batch) {
            byte[] body = BulkWrite.body(batch);
            Supplier<CompletableFuture<HttpResponse<String>>> send =
                    () -> http.sendBytesAsync("POST", BULK, body, NDJSON);
            return (lane == null ? send.get() : lane.submit(send))
                    .thenApply(
                            r -> {
                                try {
                                    return result(batch, r);
                                } catch (IOException e) {
                                    throw new CompletionException(e);
                                }
                            });
        }

        @Override
        public void close() throws Exception {
            super.close();
            http.close();
        }

        private static Result<BulkWrite> result(List<BulkWrite> batch, HttpResponse<String> r)
                throws IOException {
            if (r.statusCode() != 200) {
                throw new IOException(
                        "bulk answered "
                                + r.statusCode()
                                + ": "
                                + ElasticsearchHttp.head(r.body()));
            }
            if (!anyErrors(r.body())) {
                return Result.done();
            }
            JsonNode resp = Json.MAPPER.readTree(r.body());
            List<BulkWrite> retry = new ArrayList<>();
            int rejected = 0;
            JsonNode items = resp.path("items");
            for (int i = 0; i < items.size(); i++) {
                JsonNode item = items.get(i).elements().next();
                int status = item.path("status").asInt();
                if (status < 300 || status == 409) {
                    // 409: the document already holds this or a newer version (or exists).
                    continue;
                }
                if (status == 404 && batch.get(i).isDelete()) {
                    // deleted before, by a write that a restore repeats
                    continue;
                }
                if (status == 429 || status >= 500) {
                    retry.add(batch.get(i));
                } else {
                    rejected++;
                    LOG.error(
                            "elasticsearch refused {} ({}): {}",
                            batch.get(i).key(),
                            status,
                            item.path("error").toString());
                }
            }
            return new Result<>(retry, rejected);
        }

        /** The response's {@code errors} flag, read without reading the items after it. */
        static boolean anyErrors(String response) throws IOException {
            try (JsonParser p = Json.MAPPER.getFactory().createParser(response)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw new IOException("bulk answered " + ElasticsearchHttp.head(response));
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken value = p.nextToken();
                    if ("errors".equals(field)) {
                        return value == JsonToken.VALUE_TRUE;
                    }
                    p.skipChildren();
                }
                return false;
            }
        }
    }
}
