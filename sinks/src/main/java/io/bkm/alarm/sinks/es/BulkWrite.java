package io.bkm.alarm.sinks.es;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One document write in a bulk request: the action line and the document (UTF-8 JSON, as rendered
 * once upstream), plus what decides which of two writes of one document to keep.
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
        byte[] source,
        long version,
        boolean createOnly) {

    String key() {
        return index + "/" + id;
    }

    /** The document as text. */
    public String sourceLine() {
        return new String(source, StandardCharsets.UTF_8);
    }

    /** Both lines of the write, as the bulk API takes them. */
    public void appendTo(ByteArrayOutputStream body) {
        body.writeBytes(actionLine.getBytes(StandardCharsets.UTF_8));
        body.write('\n');
        body.writeBytes(source);
        body.write('\n');
    }

    static BulkWrite keepOf(BulkWrite buffered, BulkWrite incoming) {
        if (buffered.createOnly()) {
            return buffered;
        }
        return incoming.version() >= buffered.version() ? incoming : buffered;
    }
}
