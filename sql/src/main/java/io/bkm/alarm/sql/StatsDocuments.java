package io.bkm.alarm.sql;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.sinks.es.BulkWrite;
import io.bkm.alarm.sinks.es.DocumentWrites;
import java.util.List;
import org.apache.flink.types.Row;

/**
 * A row of the {@code daily_stats} view as its document: in {@code {base}_{day}}, under {@code
 * {bk_biz_id}.{strategy_id}.{day}}, the newest row replacing the document (the view's updates of a
 * key reach one writer, in order).
 */
final class StatsDocuments implements DocumentWrites.Writer<Row> {
    private final String indexBase;
    private final List<String> columns;

    StatsDocuments(String indexBase, List<String> columns) {
        this.indexBase = indexBase;
        this.columns = List.copyOf(columns);
    }

    static String id(Row r) {
        return r.getField(0) + "." + r.getField(1) + "." + r.getField(2);
    }

    @Override
    public BulkWrite write(Row r) {
        ObjectNode doc = Json.MAPPER.createObjectNode().put("id", id(r));
        for (int i = 0; i < columns.size(); i++) {
            doc.putPOJO(columns.get(i), r.getField(i));
        }
        return new BulkWrite(
                indexBase + "_" + r.getField(2), id(r), Json.writeBytes(doc), 0, false);
    }
}
