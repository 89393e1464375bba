package io.bkm.alarm.sinks.es;

import io.bkm.alarm.apm.DiscoveryChange;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.model.Action;
import io.bkm.alarm.model.AlertChange;
import io.bkm.alarm.model.AlertLog;
import io.bkm.alarm.model.Event;
import io.bkm.alarm.model.json.DocumentJson;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;

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

        /**
         * The histogram of milliseconds from an element's event to its document being written
         * (acknowledged by Elasticsearch), for writers that can date their elements; null: none.
         */
        default String latencyMetric() {
            return null;
        }

        /** When the element's event happened, epoch milliseconds (with a latency metric). */
        default long eventMillis(T element) {
            return -1;
        }
    }

    /**
     * Alerts: {@code _id} = alert id, index dated by create time so every version of an alert lands
     * in one index, and external versioning so an older version never replaces a newer one. The
     * document was rendered once where the alert is, for every writer of it.
     */
    public static Writer<AlertChange> alerts(String indexBase) {
        return new Writer<>() {
            @Override
            public BulkWrite write(AlertChange a) {
                return versioned(indexBase, a.id(), a.createTime, a.version, a.document);
            }

            /** bk-monitor's ALERT_PROCESS_LATENCY, up to the document rather than the builder. */
            @Override
            public String latencyMetric() {
                return "bkmonitor_alert_process_latency";
            }

            /**
             * The version's update time: the record time of the event that made it (or the time a
             * timer's change was due), whole seconds, so a latency reads up to 1 s long.
             */
            @Override
            public long eventMillis(AlertChange a) {
                return a.updateTime * 1000L;
            }
        };
    }

    /**
     * Events: {@code _id} = event id, create-if-absent (a repeat is a conflict, and a conflict is
     * success), dated by {@code time}, or by create time when the two are more than a day apart.
     */
    public static Writer<Event> events(String indexBase) {
        return new Rendering<>() {
            @Override
            public BulkWrite write(Event e) {
                long day = Math.abs(e.createTime - e.time) > 86_400 ? e.createTime : e.time;
                String index = DailyIndex.name(indexBase, day);
                return new BulkWrite(index, e.id, json().event(e), 0, true);
            }
        };
    }

    /**
     * Alert logs: {@code _id} from the alert id and the log's number, create-if-absent, dated by
     * the log's create time.
     */
    public static Writer<AlertLog> alertLogs(String indexBase) {
        return new Rendering<>() {
            @Override
            public BulkWrite write(AlertLog l) {
                String index = DailyIndex.name(indexBase, l.createTime);
                return new BulkWrite(index, l.id, json().alertLog(l), 0, true);
            }
        };
    }

    /**
     * A writer that renders its documents by hand ({@link DocumentJson}), with a renderer of its
     * own: each subtask has its own copy of the writer and calls it from its task thread only.
     */
    private abstract static class Rendering<T> implements Writer<T> {
        private transient DocumentJson json;

        final DocumentJson json() {
            if (json == null) {
                json = new DocumentJson();
            }
            return json;
        }
    }

    /**
     * Actions: {@code _id} = action id, dated by create time, guarded by the action's version like
     * an alert, so a later state of an action is never replaced by an earlier one.
     */
    public static Writer<Action> actions(String indexBase) {
        return a -> versioned(indexBase, a.id, a.createTime, a.version, Json.writeBytes(a));
    }

    /**
     * Discovered APM entities: one index per entity type ({@code indexPrefix_endpoint}, …), {@code
     * _id} the entity's, written over by each change and deleted when it expires. A change of one
     * entity follows the last one through a single keyed path, so writes arrive in order.
     */
    public static Writer<DiscoveryChange> apmEntities(String indexPrefix) {
        return c -> {
            String index = indexPrefix + "_" + c.type;
            return DiscoveryChange.EXPIRED.equals(c.op)
                    ? BulkWrite.delete(index, c.id)
                    : new BulkWrite(index, c.id, c.doc.getBytes(StandardCharsets.UTF_8), 0, false);
        };
    }

    /** A document under its id in the index of its create day, guarded by external versions. */
    private static BulkWrite versioned(
            String indexBase, String id, long createTime, long version, byte[] document) {
        String index = DailyIndex.name(indexBase, createTime);
        return new BulkWrite(index, id, document, version, false);
    }
}
