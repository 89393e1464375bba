package io.bkm.alarm.fingerprint;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * bk-monitor's {@code count_md5}: the fingerprint behind every id and dedupe md5 (behaviour spec
 * §2.3). Element order never matters, field names are not hashed, and scalars hash as Python's
 * {@code str()} of the value, so {@code 2} and {@code "2"} are the same.
 */
public final class Fingerprint {
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final ThreadLocal<MessageDigest> MD5 =
            ThreadLocal.withInitial(
                    () -> {
                        try {
                            return MessageDigest.getInstance("MD5");
                        } catch (NoSuchAlgorithmException e) {
                            throw new IllegalStateException(e);
                        }
                    });

    private Fingerprint() {}

    /** F(value) for null, booleans, numbers, strings, maps, collections and arrays. */
    public static String of(Object value) {
        if (value instanceof Map<?, ?> map) {
            List<String> pairs = new ArrayList<>(map.size());
            for (Map.Entry<?, ?> e : map.entrySet()) {
                pairs.add(ofHashes(ofScalar(pythonStr(e.getKey())), ofScalar(of(e.getValue()))));
            }
            return ofSortedHashes(pairs);
        }
        if (value instanceof Collection<?> list) {
            List<String> hashes = new ArrayList<>(list.size());
            for (Object e : list) {
                hashes.add(of(e));
            }
            return ofSortedHashes(hashes);
        }
        if (value instanceof Object[] array) {
            List<String> hashes = new ArrayList<>(array.length);
            for (Object e : array) {
                hashes.add(of(e));
            }
            return ofSortedHashes(hashes);
        }
        return ofScalar(pythonStr(value));
    }

    /** F of a list whose elements are given already as their hashes. */
    public static String ofSortedHashes(List<String> hashes) {
        List<String> sorted = new ArrayList<>(hashes);
        Collections.sort(sorted);
        StringBuilder repr = new StringBuilder(2 + sorted.size() * 36);
        repr.append('[');
        for (int i = 0; i < sorted.size(); i++) {
            if (i > 0) {
                repr.append(", ");
            }
            repr.append('\'').append(sorted.get(i)).append('\'');
        }
        repr.append(']');
        return md5Hex(repr.toString());
    }

    private static String ofHashes(String a, String b) {
        List<String> pair = new ArrayList<>(2);
        pair.add(a);
        pair.add(b);
        return ofSortedHashes(pair);
    }

    /** MD5 of an already stringified scalar. */
    public static String ofScalar(String pythonStr) {
        return md5Hex(pythonStr);
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

    private static String md5Hex(String s) {
        byte[] digest = MD5.get().digest(s.getBytes(StandardCharsets.UTF_8));
        char[] out = new char[32];
        for (int i = 0; i < 16; i++) {
            out[2 * i] = HEX[(digest[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[digest[i] & 0xf];
        }
        return new String(out);
    }
}
