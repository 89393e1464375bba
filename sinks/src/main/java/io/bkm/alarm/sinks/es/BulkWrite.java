package io.bkm.alarm.sinks.es;

/**
 * One document write in a bulk request: the action line and the source line, plus what decides
 * which of two writes of one document to keep.
 *
 * @param version the document version; with {@code external} versioning Elasticsearch refuses
 *     anything not newer than what it holds
 * @param createOnly a create-if-absent write: the first one wins and a conflict means "already
 *     there"
 */
public record BulkWrite(
        String index,
        String id,
        String actionLine,
        String sourceLine,
        long version,
        boolean createOnly) {

    String key() {
        return index + "/" + id;
    }

    static BulkWrite keepOf(BulkWrite buffered, BulkWrite incoming) {
        if (buffered.createOnly()) {
            return buffered;
        }
        return incoming.version() >= buffered.version() ? incoming : buffered;
    }
}
