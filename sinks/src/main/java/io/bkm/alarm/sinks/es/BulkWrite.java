package io.bkm.alarm.sinks.es;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One document write in a bulk request: the document (UTF-8 JSON, as rendered once upstream), where
 * it goes, and what decides which of two writes of one document to keep. Its action line is made
 * when the bulk is: writes wait in memory and in checkpoints until they are sent, and the line
 * repeats what the other fields hold.
 *
 * @param version the document version; with {@code external} versioning Elasticsearch refuses
 *     anything not newer than what it holds
 * @param createOnly a create-if-absent write: the first one wins and a conflict means "already
 *     there"
 * @param source null for a delete
 */
public record BulkWrite(String index, String id, byte[] source, long version, boolean createOnly) {

    /** Deletes the document, if it is there. */
    public static BulkWrite delete(String index, String id) {
        return new BulkWrite(index, id, null, 0, false);
    }

    public boolean isDelete() {
        return source == null;
    }

    /** Which document the write is for: writes of one document replace each other. */
    record Key(String index, String id) {
        @Override
        public String toString() {
            return index + "/" + id;
        }
    }

    Key key() {
        return new Key(index, id);
    }

    /** The bulk action line: create-if-absent, or index under an external version. */
    public String actionLine() {
        if (isDelete()) {
            return DocumentWrites.action("delete", index, id, 0);
        }
        return createOnly
                ? DocumentWrites.action("create", index, id, 0)
                : DocumentWrites.action("index", index, id, version);
    }

    /** The document as text. */
    public String sourceLine() {
        return source == null ? null : new String(source, StandardCharsets.UTF_8);
    }

    /** Both lines of the write, as the bulk API takes them. */
    public void appendTo(ByteArrayOutputStream body) {
        body.writeBytes(actionLine().getBytes(StandardCharsets.UTF_8));
        body.write('\n');
        if (source != null) {
            body.writeBytes(source);
            body.write('\n');
        }
    }

    static BulkWrite keepOf(BulkWrite buffered, BulkWrite incoming) {
        if (buffered.createOnly()) {
            return buffered;
        }
        return incoming.version() >= buffered.version() ? incoming : buffered;
    }
}
