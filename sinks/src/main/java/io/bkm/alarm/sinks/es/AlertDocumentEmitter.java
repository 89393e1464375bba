package io.bkm.alarm.sinks.es;

import com.fasterxml.jackson.core.type.TypeReference;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.model.Alert;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.connector.elasticsearch.sink.ElasticsearchEmitter;
import org.apache.flink.connector.elasticsearch.sink.RequestIndexer;

/**
 * Alert documents to {@code bkfta_alert_YYYYMMDD}, dated by the alert's create time so every
 * version of one alert lands in one index, with {@code _id} = alert id.
 */
public class AlertDocumentEmitter implements ElasticsearchEmitter<Alert> {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
    private final String indexBase;

    public AlertDocumentEmitter(String indexBase) {
        this.indexBase = indexBase;
    }

    @Override
    public void emit(Alert alert, SinkWriter.Context context, RequestIndexer indexer) {
        indexer.add(
                VersionGuardedUpsert.request(
                        DailyIndex.name(indexBase, alert.createTime), alert.id, toDocument(alert)));
    }

    static Map<String, Object> toDocument(Alert alert) {
        try {
            return Json.MAPPER.readValue(Json.writeBytes(alert), MAP);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
