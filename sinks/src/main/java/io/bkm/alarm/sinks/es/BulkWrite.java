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
     * takes them, in one array of its exact size, the lines written straight into it.
     */
    public static byte[] body(List<BulkWrite> writes) {
        int size = 0;
        for (BulkWrite w : writes) {
            size += w.actionLength() + 1 + (w.source == null ? 0 : w.source.length + 1);
        }
        byte[] body = new byte[size];
        int at = 0;
        for (BulkWrite w : writes) {
            at = w.writeAction(body, at);
            body[at++] = '\n';
            if (w.source != null) {
                System.arraycopy(w.source, 0, body, at, w.source.length);
                at += w.source.length;
                body[at++] = '\n';
            }
        }
        return body;
    }

    /** The action line as UTF-8. */
    byte[] actionLineBytes() {
        byte[] b = new byte[actionLength()];
        writeAction(b, 0);
        return b;
    }

    private String op() {
        return isDelete() ? "delete" : createOnly ? "create" : "index";
    }

    /** The external version the line names; 0 for none (versions start at 1). */
    private long externalVersion() {
        return isDelete() || createOnly ? 0 : version;
    }

    private int actionLength() {
        long v = externalVersion();
        return 2
                + op().length()
                + INDEX.length()
                + textLength(index)
                + ID.length()
                + textLength(id)
                + 1
                + (v > 0 ? VERSION.length() + digits(v) + VERSION_TYPE.length() : 0)
                + 2;
    }

    /** Writes the action line at {@code at}, {@link #actionLength} bytes; returns its end. */
    private int writeAction(byte[] b, int at) {
        at = ascii("{\"", b, at);
        at = ascii(op(), b, at);
        at = ascii(INDEX, b, at);
        at = text(index, b, at);
        at = ascii(ID, b, at);
        at = text(id, b, at);
        at = ascii("\"", b, at);
        long v = externalVersion();
        if (v > 0) {
            at = ascii(VERSION, b, at);
            at = number(v, b, at);
            at = ascii(VERSION_TYPE, b, at);
        }
        return ascii("}}", b, at);
    }

    private static final String INDEX = "\":{\"_index\":\"";
    private static final String ID = "\",\"_id\":\"";
    private static final String VERSION = ",\"version\":";
    private static final String VERSION_TYPE = ",\"version_type\":\"external\"";
    private static final JsonStringEncoder ESCAPE = JsonStringEncoder.getInstance();

    /**
     * Printable ASCII other than the quote and the backslash, as index names and ids nearly always
     * are: written into JSON as it is. Anything else (ids come from the input) is escaped.
     */
    private static boolean plain(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    private static int textLength(String s) {
        return plain(s) ? s.length() : ESCAPE.quoteAsUTF8(s).length;
    }

    /** The text inside a JSON string, as UTF-8. */
    private static int text(String s, byte[] b, int at) {
        if (plain(s)) {
            return ascii(s, b, at);
        }
        byte[] escaped = ESCAPE.quoteAsUTF8(s);
        System.arraycopy(escaped, 0, b, at, escaped.length);
        return at + escaped.length;
    }

    private static int digits(long v) {
        int n = 1;
        for (long rest = v / 10; rest > 0; rest /= 10) {
            n++;
        }
        return n;
    }

    /** A positive number's decimal digits. */
    private static int number(long v, byte[] b, int at) {
        int end = at + digits(v);
        for (int i = end - 1; i >= at; i--) {
            b[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return end;
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
