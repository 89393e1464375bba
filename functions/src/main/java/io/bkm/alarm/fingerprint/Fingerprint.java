package io.bkm.alarm.fingerprint;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Map;

/**
 * bk-monitor's {@code count_md5}: the fingerprint behind every id and dedupe md5 (behaviour spec
 * §2.3). Element order never matters, field names are not hashed, and scalars hash as Python's
 * {@code str()} of the value, so {@code 2} and {@code "2"} are the same.
 *
 * <p>Every event hashes a dozen values or more on its way in. The hashes within a value stay
 * digests (two longs: their unsigned order is the order of their hex strings, which is what Python
 * sorts) and the text they are hashed from is written into one buffer per thread, so that only the
 * result becomes a string.
 */
public final class Fingerprint {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /** Characters of {@code 'hex'}, and the {@code ", "} between two of them. */
    private static final int QUOTED_HEX = 34;

    private static final int SEPARATOR = 2;

    private static final ThreadLocal<Hasher> HASHER = ThreadLocal.withInitial(Hasher::new);

    private Fingerprint() {}

    /** F(value) for null, booleans, numbers, strings, maps, collections and arrays. */
    public static String of(Object value) {
        Hasher h = HASHER.get();
        h.hash(value);
        return h.hex();
    }

    /** MD5 of an already stringified scalar. */
    public static String ofScalar(String pythonStr) {
        Hasher h = HASHER.get();
        h.scalar(pythonStr);
        return h.hex();
    }

    /** Python's {@code str()} of a JSON-like scalar. */
    public static String pythonStr(Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (value instanceof Double d) {
            return PythonFloat.repr(d);
        }
        if (value instanceof Float f) {
            return PythonFloat.repr(f.doubleValue());
        }
        if (value instanceof BigDecimal bd) {
            return PythonFloat.repr(bd.doubleValue());
        }
        if (value instanceof Integer
                || value instanceof Long
                || value instanceof Short
                || value instanceof Byte
                || value instanceof BigInteger) {
            return value.toString();
        }
        return value.toString();
    }

    /** One thread's digest, text buffer and the last hash made, as {@code hi} and {@code lo}. */
    private static final class Hasher {
        private final MessageDigest md5;
        private final byte[] digest = new byte[16];
        private byte[] text = new byte[256];
        private long hi;
        private long lo;

        Hasher() {
            try {
                md5 = MessageDigest.getInstance("MD5");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        void hash(Object value) {
            if (value instanceof Map<?, ?> map) {
                long[] pairs = new long[2 * map.size()];
                int i = 0;
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    // F([str(key), hex of F(value)]), both hashed as scalars
                    hash(e.getValue());
                    hexScalar();
                    long valueHi = hi;
                    long valueLo = lo;
                    scalar(pythonStr(e.getKey()));
                    sorted(new long[] {hi, lo, valueHi, valueLo}, 2);
                    pairs[i++] = hi;
                    pairs[i++] = lo;
                }
                sorted(pairs, i / 2);
            } else if (value instanceof Collection<?> list) {
                list(list);
            } else if (value instanceof Object[] array) {
                list(Arrays.asList(array));
            } else {
                scalar(pythonStr(value));
            }
        }

        private void list(Collection<?> list) {
            long[] hashes = new long[2 * list.size()];
            int i = 0;
            for (Object e : list) {
                hash(e);
                hashes[i++] = hi;
                hashes[i++] = lo;
            }
            sorted(hashes, i / 2);
        }

        /** The hash of the list {@code ['h1', 'h2', …]} of the first {@code n} hashes, sorted. */
        void sorted(long[] hashes, int n) {
            sort(hashes, n);
            int length = n == 0 ? 2 : 2 + n * QUOTED_HEX + (n - 1) * SEPARATOR;
            byte[] out = room(length);
            int at = 0;
            out[at++] = '[';
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    out[at++] = ',';
                    out[at++] = ' ';
                }
                out[at++] = '\'';
                at = hex(hashes[2 * i], out, at);
                at = hex(hashes[2 * i + 1], out, at);
                out[at++] = '\'';
            }
            out[at++] = ']';
            digest(out, at);
        }

        /** The hash of the UTF-8 bytes of {@code s}. */
        void scalar(String s) {
            int n = s.length();
            byte[] out = room(n);
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c >= 0x80) {
                    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                    digest(utf8, utf8.length);
                    return;
                }
                out[i] = (byte) c;
            }
            digest(out, n);
        }

        /** The hash of the hex string of the last hash. */
        private void hexScalar() {
            byte[] out = room(32);
            hex(lo, out, hex(hi, out, 0));
            digest(out, 32);
        }

        String hex() {
            byte[] out = new byte[32];
            hex(lo, out, hex(hi, out, 0));
            return new String(out, StandardCharsets.ISO_8859_1);
        }

        /**
         * A buffer of at least {@code length} bytes; one for this call only beyond {@link
         * #HELD_TEXT}, so that one huge value does not stay on every thread that hashed it.
         */
        private byte[] room(int length) {
            if (length > HELD_TEXT) {
                return new byte[length];
            }
            if (text.length < length) {
                text = new byte[Math.min(HELD_TEXT, Math.max(length, 2 * text.length))];
            }
            return text;
        }

        private void digest(byte[] input, int length) {
            md5.update(input, 0, length);
            try {
                md5.digest(digest, 0, 16);
            } catch (DigestException e) {
                throw new IllegalStateException(e);
            }
            hi = bigEndian(digest, 0);
            lo = bigEndian(digest, 8);
        }

        private static long bigEndian(byte[] b, int from) {
            long v = 0;
            for (int i = from; i < from + 8; i++) {
                v = (v << 8) | (b[i] & 0xff);
            }
            return v;
        }

        private static int hex(long v, byte[] out, int at) {
            for (int shift = 60; shift >= 0; shift -= 4) {
                out[at++] = HEX[(int) (v >>> shift) & 0xf];
            }
            return at;
        }

        /** Pairs by unsigned value; in place, as most values have a few parts. */
        private static void sort(long[] h, int n) {
            if (n > INSERTION_SORT_MAX) {
                long[][] pairs = new long[n][];
                for (int i = 0; i < n; i++) {
                    pairs[i] = new long[] {h[2 * i], h[2 * i + 1]};
                }
                Arrays.sort(pairs, UNSIGNED);
                for (int i = 0; i < n; i++) {
                    h[2 * i] = pairs[i][0];
                    h[2 * i + 1] = pairs[i][1];
                }
                return;
            }
            for (int i = 1; i < n; i++) {
                long hi = h[2 * i];
                long lo = h[2 * i + 1];
                int j = i - 1;
                while (j >= 0 && less(hi, lo, h[2 * j], h[2 * j + 1])) {
                    h[2 * j + 2] = h[2 * j];
                    h[2 * j + 3] = h[2 * j + 1];
                    j--;
                }
                h[2 * j + 2] = hi;
                h[2 * j + 3] = lo;
            }
        }

        private static final int INSERTION_SORT_MAX = 32;

        private static final int HELD_TEXT = 64 * 1024;

        private static final Comparator<long[]> UNSIGNED =
                (a, b) -> less(a[0], a[1], b[0], b[1]) ? -1 : less(b[0], b[1], a[0], a[1]) ? 1 : 0;

        private static boolean less(long hiA, long loA, long hiB, long loB) {
            int c = Long.compareUnsigned(hiA, hiB);
            return c < 0 || (c == 0 && Long.compareUnsigned(loA, loB) < 0);
        }
    }
}
