package io.bkm.alarm.sinks.es;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.model.Action;
import io.bkm.alarm.model.Alert;
import io.bkm.alarm.model.AlertLog;
import io.bkm.alarm.model.Event;
import java.io.Serializable;

/** How each document family is written (contract §3). */
public final class DocumentWrites {
    private DocumentWrites() {}

    /**
     * Turns one element into its bulk write. Serialized when buffered, not at flush: with a heap
     * state backend the element is the live state object, which later events mutate.
     */
    @FunctionalInterface
    public interface Writer<T> extends Serializable {
        BulkWrite write(T element);
    }

    /**
     * Alerts: {@code _id} = alert id, index dated by create time so every version of an alert lands
     * in one index, and external versioning so an older version never replaces a newer one.
     */
    public static Writer<Alert> alerts(String indexBase) {
        return a -> versioned(indexBase, a.id, a.createTime, a.version, a);
    }

    /**
     * Events: {@code _id} = event id, create-if-absent (a repeat is a conflict, and a conflict is
     * success), dated by {@code time}, or by create time when the two are more than a day apart.
     */
    public static Writer<Event> events(String indexBase) {
        return e -> {
            long day = Math.abs(e.createTime - e.time) > 86_400 ? e.createTime : e.time;
            String index = DailyIndex.name(indexBase, day);
            return new BulkWrite(
                    index, e.id, action("create", index, e.id, null), Json.write(e), 0, true);
        };
    }

    /**
     * Alert logs: {@code _id} from the alert id and the log's number, create-if-absent, dated by
     * the log's create time.
     */
    public static Writer<AlertLog> alertLogs(String indexBase) {
        return l -> {
            String index = DailyIndex.name(indexBase, l.createTime);
            return new BulkWrite(
                    index, l.id, action("create", index, l.id, null), Json.write(l), 0, true);
        };
    }

    /**
     * Actions: {@code _id} = action id, dated by create time, guarded by the action's version like
     * an alert, so a later state of an action is never replaced by an earlier one.
     */
    public static Writer<Action> actions(String indexBase) {
        return a -> versioned(indexBase, a.id, a.createTime, a.version, a);
    }

    /** A document under its id in the index of its create day, guarded by external versions. */
    private static BulkWrite versioned(
            String indexBase, String id, long createTime, long version, Object document) {
        String index = DailyIndex.name(indexBase, createTime);
        return new BulkWrite(
                index,
                id,
                action("index", index, id, version),
                Json.write(document),
                version,
                false);
    }

    private static String action(String op, String index, String id, Long externalVersion) {
        ObjectNode meta = Json.MAPPER.createObjectNode();
        ObjectNode body = meta.putObject(op);
        body.put("_index", index);
        body.put("_id", id);
        if (externalVersion != null) {
            body.put("version", externalVersion);
            body.put("version_type", "external");
        }
        return Json.write(meta);
    }
}
