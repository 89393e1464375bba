package io.bkm.alarm.model.json;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A JSON document written straight into UTF-8 bytes, for {@link DocumentJson}: the bytes Jackson's
 * UTF-8 generator writes with the project's mapper (the same escapes, surrogates escaped as {@code
 * \\uXXXX}, nothing else), without its per-value context checks, character escape tables and buffer
 * flushes into a second buffer. Names come pre-encoded ({@link #name(String)}), so a field name is
 * one array copy. Not thread-safe; one buffer serves every document of its owner.
 */
final class JsonBytes {
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};

    /** For each ASCII character: 0 as it is, else the letter of its short escape or 'u'. */
    private static final byte[] ESCAPES = new byte[128];

    static {
        for (int c = 0; c < 32; c++) {
            ESCAPES[c] = 'u';
        }
        ESCAPES['\b'] = 'b';
        ESCAPES['\t'] = 't';
        ESCAPES['\n'] = 'n';
        ESCAPES['\f'] = 'f';
        ESCAPES['\r'] = 'r';
        ESCAPES['"'] = '"';
        ESCAPES['\\'] = '\\';
    }

    private byte[] buf = new byte[2048];
    private int len;
    private boolean needComma;

    /** A field name as written before its value: {@code "name":}. Names are plain ASCII. */
    static byte[] name(String n) {
        return ("\"" + n + "\":").getBytes(StandardCharsets.US_ASCII);
    }

    void startObject() {
        value();
        put((byte) '{');
        needComma = false;
    }

    void endObject() {
        put((byte) '}');
        needComma = true;
    }

    void startArray() {
        value();
        put((byte) '[');
        needComma = false;
    }

    void endArray() {
        put((byte) ']');
        needComma = true;
    }

    void field(byte[] name) {
        value();
        put(name);
        needComma = false;
    }

    void nul() {
        value();
        put(NULL);
        needComma = true;
    }

    void bool(boolean b) {
        value();
        put(b ? TRUE : FALSE);
        needComma = true;
    }

    void number(long v) {
        value();
        if (v == Long.MIN_VALUE) {
            put(Long.toString(v).getBytes(StandardCharsets.US_ASCII));
        } else {
            digits(v);
        }
        needComma = true;
    }

    /** Digits that are already a JSON integer, as they are. */
    void numberText(String digits) {
        value();
        ensure(digits.length());
        for (int i = 0; i < digits.length(); i++) {
            buf[len++] = (byte) digits.charAt(i);
        }
        needComma = true;
    }

    void string(String s) {
        value();
        int n = s.length();
        // the longest a character becomes: six bytes of an escape
        ensure(n * 6 + 2);
        byte[] b = buf;
        int p = len;
        b[p++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                byte e = ESCAPES[c];
                if (e == 0) {
                    b[p++] = (byte) c;
                } else if (e == 'u') {
                    p = unicodeEscape(b, p, c);
                } else {
                    b[p++] = '\\';
                    b[p++] = e;
                }
            } else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | (c >> 6));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                p = unicodeEscape(b, p, c);
            } else {
                b[p++] = (byte) (0xE0 | (c >> 12));
                b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        b[p++] = '"';
        len = p;
        needComma = true;
    }

    /**
     * Text that is already JSON, as UTF-8. A surrogate without its pair cannot be encoded, and
     * fails the document as it fails Jackson's.
     */
    void raw(String json) {
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (Character.isHighSurrogate(c)
                    && i + 1 < json.length()
                    && Character.isLowSurrogate(json.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("a split surrogate in a raw value");
            }
        }
        value();
        put(json.getBytes(StandardCharsets.UTF_8));
        needComma = true;
    }

    /** The document written since the last take, and an empty buffer for the next one. */
    byte[] take() {
        byte[] b = Arrays.copyOf(buf, len);
        reset();
        return b;
    }

    void reset() {
        len = 0;
        needComma = false;
    }

    private void value() {
        if (needComma) {
            put((byte) ',');
        }
    }

    private static int unicodeEscape(byte[] b, int p, char c) {
        b[p++] = '\\';
        b[p++] = 'u';
        b[p++] = HEX[(c >> 12) & 0xF];
        b[p++] = HEX[(c >> 8) & 0xF];
        b[p++] = HEX[(c >> 4) & 0xF];
        b[p++] = HEX[c & 0xF];
        return p;
    }

    private void digits(long v) {
        ensure(20);
        if (v < 0) {
            buf[len++] = '-';
            v = -v;
        }
        if (v <= Integer.MAX_VALUE) {
            len = intDigits((int) v, buf, len);
            return;
        }
        long high = v / BILLION;
        if (high <= Integer.MAX_VALUE) {
            len = intDigits((int) high, buf, len);
        } else {
            len = intDigits((int) (high / BILLION), buf, len);
            len = nineDigits((int) (high % BILLION), buf, len);
        }
        len = nineDigits((int) (v % BILLION), buf, len);
    }

    private static final long BILLION = 1_000_000_000L;

    /** Two digits for each value under 100, written from the end in pairs: half the divisions. */
    private static final byte[] PAIRS = new byte[200];

    static {
        for (int i = 0; i < 100; i++) {
            PAIRS[2 * i] = (byte) ('0' + i / 10);
            PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
    }

    private static int intDigits(int v, byte[] b, int p) {
        int end = p + digitCount(v);
        fill(v, b, end, p);
        return end;
    }

    /** Exactly nine digits, leading zeros included: the lower part of a long. */
    private static int nineDigits(int v, byte[] b, int p) {
        fill(v, b, p + 9, p);
        return p + 9;
    }

    private static void fill(int v, byte[] b, int end, int start) {
        int p = end;
        while (p - start >= 2) {
            int q = v / 100;
            int r = (v - q * 100) * 2;
            b[--p] = PAIRS[r + 1];
            b[--p] = PAIRS[r];
            v = q;
        }
        if (p > start) {
            b[--p] = (byte) ('0' + v % 10);
        }
    }

    private static int digitCount(int v) {
        int n = 1;
        while (n < 10 && v >= POWERS[n]) {
            n++;
        }
        return n;
    }

    private static final int[] POWERS = {
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000
    };

    private void put(byte b) {
        ensure(1);
        buf[len++] = b;
    }

    private void put(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }
}
