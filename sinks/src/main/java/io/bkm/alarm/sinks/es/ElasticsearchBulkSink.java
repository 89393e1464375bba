package io.bkm.alarm.sinks.es;

import com.fasterxml.jackson.databind.JsonNode;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.sinks.common.BatchSettings;
import io.bkm.alarm.sinks.common.CompactingWriter;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bulk writes to Elasticsearch. At-least-once: everything received before a checkpoint is written
 * before the checkpoint completes; the documents' deterministic ids and version guards make repeats
 * harmless.
 */
public class ElasticsearchBulkSink<T> implements Sink<T> {
    private final List<String> hosts;
    private final BatchSettings batch;
    private final DocumentWrites.Writer<T> writes;
    private final String name;

    public ElasticsearchBulkSink(
            String name, List<String> hosts, BatchSettings batch, DocumentWrites.Writer<T> writes) {
        this.name = name;
        this.hosts = List.copyOf(hosts);
        this.batch = batch;
        this.writes = writes;
    }

    @Override
    @SuppressWarnings("deprecation")
    public SinkWriter<T> createWriter(InitContext context) {
        return new Writer<>(
                name,
                new ElasticsearchHttp(hosts, Duration.ofSeconds(60)),
                batch,
                writes,
                context.getProcessingTimeService(),
                context.metricGroup());
    }

    static final class Writer<T> extends CompactingWriter<T, BulkWrite> {
        private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchBulkSink.class);
        private final ElasticsearchHttp http;
        private final DocumentWrites.Writer<T> writes;

        Writer(
                String name,
                ElasticsearchHttp http,
                BatchSettings batch,
                DocumentWrites.Writer<T> writes,
                org.apache.flink.api.common.operators.ProcessingTimeService time,
                org.apache.flink.metrics.MetricGroup metrics) {
            super("elasticsearch (" + name + ")", batch, time, metrics);
            this.http = http;
            this.writes = writes;
        }

        @Override
        protected BulkWrite toWrite(T element) {
            return writes.write(element);
        }

        @Override
        protected String documentKey(BulkWrite w) {
            return w.key();
        }

        @Override
        protected BulkWrite merge(BulkWrite buffered, BulkWrite incoming) {
            return BulkWrite.keepOf(buffered, incoming);
        }

        @Override
        protected Result<BulkWrite> send(List<BulkWrite> batch)
                throws IOException, InterruptedException {
            StringBuilder body = new StringBuilder(batch.size() * 512);
            for (BulkWrite w : batch) {
                body.append(w.actionLine()).append('\n').append(w.sourceLine()).append('\n');
            }
            HttpResponse<String> r =
                    http.send("POST", "/_bulk", body.toString(), "application/x-ndjson");
            if (r.statusCode() != 200) {
                throw new IOException(
                        "bulk answered "
                                + r.statusCode()
                                + ": "
                                + ElasticsearchHttp.head(r.body()));
            }
            JsonNode resp = Json.MAPPER.readTree(r.body());
            if (!resp.path("errors").asBoolean(false)) {
                return Result.done();
            }
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
    }
}
