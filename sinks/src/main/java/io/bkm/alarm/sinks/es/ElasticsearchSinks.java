package io.bkm.alarm.sinks.es;

import io.bkm.alarm.model.Alert;
import java.net.URI;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.elasticsearch.sink.Elasticsearch7SinkBuilder;
import org.apache.flink.connector.elasticsearch.sink.ElasticsearchEmitter;
import org.apache.flink.connector.elasticsearch.sink.FlushBackoffType;
import org.apache.http.HttpHost;

/** Builds the Elasticsearch sinks from one set of connection and bulk settings. */
public final class ElasticsearchSinks {
    /** Connection and bulk settings shared by every index family. */
    public record Settings(
            List<String> hosts,
            int bulkMaxActions,
            long bulkFlushIntervalMs,
            int bulkBackoffRetries,
            long bulkBackoffDelayMs) {}

    private ElasticsearchSinks() {}

    public static Sink<Alert> alerts(Settings settings, String indexBase) {
        return build(settings, new AlertDocumentEmitter(indexBase));
    }

    private static <T> Sink<T> build(Settings s, ElasticsearchEmitter<? super T> emitter) {
        return new Elasticsearch7SinkBuilder<T>()
                .setHosts(s.hosts().stream().map(ElasticsearchSinks::host).toArray(HttpHost[]::new))
                .setEmitter(emitter)
                // Deterministic ids and version-guarded writes turn at-least-once into exact.
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setBulkFlushMaxActions(s.bulkMaxActions())
                .setBulkFlushInterval(s.bulkFlushIntervalMs())
                .setBulkFlushBackoffStrategy(
                        FlushBackoffType.EXPONENTIAL,
                        s.bulkBackoffRetries(),
                        s.bulkBackoffDelayMs())
                .build();
    }

    static HttpHost host(String url) {
        URI u = URI.create(url.contains("://") ? url : "http://" + url);
        return new HttpHost(u.getHost(), u.getPort() < 0 ? 9200 : u.getPort(), u.getScheme());
    }
}
