package io.bkm.alarm.sinks.es;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

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
        return new String(actionLineBytes(), StandardCharsets.UTF_8);
    }

    /** The document as text. */
    public String sourceLine() {
        return source == null ? null : new String(source, StandardCharsets.UTF_8);
    }

    /**
     * The bulk request of {@code writes}: each write's action line and document, as the bulk API
     * takes them, in one array of its exact size, the documents copied once.
     */
    public static byte[] body(List<BulkWrite> writes) {
        byte[][] actions = new byte[writes.size()][];
        int size = 0;
        for (int i = 0; i < actions.length; i++) {
            BulkWrite w = writes.get(i);
            actions[i] = w.actionLineBytes();
            size += actions[i].length + 1 + (w.source == null ? 0 : w.source.length + 1);
        }
        byte[] body = new byte[size];
        int at = 0;
        for (int i = 0; i < actions.length; i++) {
            at = line(actions[i], body, at);
            byte[] source = writes.get(i).source;
            if (source != null) {
                at = line(source, body, at);
            }
        }
        return body;
    }

    private static int line(byte[] b, byte[] body, int at) {
        System.arraycopy(b, 0, body, at, b.length);
        body[at + b.length] = '\n';
        return at + b.length + 1;
    }

    /**
     * The action line as UTF-8, put together as bytes: the index name and id (nearly always plain
     * ASCII that JSON needs no escape for) as they are, escaped only when they need it.
     */
    byte[] actionLineBytes() {
        String op = isDelete() ? "delete" : createOnly ? "create" : "index";
        long v = isDelete() || createOnly ? 0 : version;
        String versionPart = v > 0 ? ",\"version\":" + v + VERSION_TYPE : "";
        byte[] indexBytes = jsonText(index);
        byte[] idBytes = jsonText(id);
        byte[] b =
                new byte
                        [2
                                + op.length()
                                + INDEX.length()
                                + indexBytes.length
                                + ID.length()
                                + idBytes.length
                                + 1
                                + versionPart.length()
                                + 2];
        int at = ascii("{\"", b, 0);
        at = ascii(op, b, at);
        at = ascii(INDEX, b, at);
        at = copy(indexBytes, b, at);
        at = ascii(ID, b, at);
        at = copy(idBytes, b, at);
        at = ascii("\"", b, at);
        at = ascii(versionPart, b, at);
        ascii("}}", b, at);
        return b;
    }

    private static final String INDEX = "\":{\"_index\":\"";
    private static final String ID = "\",\"_id\":\"";
    private static final String VERSION_TYPE = ",\"version_type\":\"external\"";
    private static final JsonStringEncoder ESCAPE = JsonStringEncoder.getInstance();

    /** The text inside a JSON string, UTF-8: ids come from the input, so they are escaped. */
    private static byte[] jsonText(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return ESCAPE.quoteAsUTF8(s);
            }
        }
        byte[] b = new byte[s.length()];
        ascii(s, b, 0);
        return b;
    }

    private static int copy(byte[] from, byte[] b, int at) {
        System.arraycopy(from, 0, b, at, from.length);
        return at + from.length;
    }

    private static int ascii(String s, byte[] b, int at) {
        for (int i = 0, n = s.length(); i < n; i++) {
            b[at + i] = (byte) s.charAt(i);
        }
        return at + s.length();
    }

    static BulkWrite keepOf(BulkWrite buffered, BulkWrite incoming) {
        if (buffered.createOnly()) {
            return buffered;
        }
        return incoming.version() >= buffered.version() ? incoming : buffered;
    }
}
