package io.bkm.alarm.model.wire;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.flink.core.memory.DataInputView;

/**
 * Reads strings written by {@link Wire#string(String, DataOutputView)} and gives back the same
 * instance for the same bytes, as long as it is remembered. Spans repeat their names, keys and
 * values record after record: a repeat then costs no decoding and no allocation, its hash is
 * already computed, and comparing it with an earlier one stops at identity. What is compared for
 * equality downstream is the text, never the instance, so a forgotten or never-pooled string
 * changes nothing but the cost.
 *
 * <p>Direct-mapped: a string takes the slot of its bytes' hash, replacing what was there. One per
 * serializer instance, which Flink gives each thread of its own ({@link WireSerializer#duplicate}).
 */
public final class WireStrings {
    private static final int SLOTS = 4096;

    /** Longer strings are rarely repeats (URLs, SQL, messages) and are read as they come. */
    private static final int LONGEST = 256;

    private final byte[][] bytes = new byte[SLOTS][];
    private final String[] strings = new String[SLOTS];
    private final byte[] scratch = new byte[LONGEST];

    public String read(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        if (n > LONGEST) {
            byte[] b = new byte[n];
            in.readFully(b);
            return new String(b, StandardCharsets.UTF_8);
        }
        in.readFully(scratch, 0, n);
        int h = n;
        for (int i = 0; i < n; i++) {
            h = 31 * h + scratch[i];
        }
        int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
        byte[] known = bytes[slot];
        if (known != null && Arrays.equals(known, 0, known.length, scratch, 0, n)) {
            return strings[slot];
        }
        byte[] copy = Arrays.copyOf(scratch, n);
        String s = new String(copy, StandardCharsets.UTF_8);
        bytes[slot] = copy;
        strings[slot] = s;
        return s;
    }
}
