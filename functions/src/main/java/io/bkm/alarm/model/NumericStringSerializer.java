package io.bkm.alarm.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;

/** Writes an integer-looking string as a JSON number, anything else as a string. */
public final class NumericStringSerializer extends StdSerializer<String> {
    public NumericStringSerializer() {
        super(String.class);
    }

    @Override
    public void serialize(String value, JsonGenerator gen, SerializerProvider provider)
            throws IOException {
        write(value, gen);
    }

    /** The value as this serializer writes it, for writers that render documents by hand. */
    public static void write(String value, JsonGenerator gen) throws IOException {
        if (isInteger(value)) {
            gen.writeNumber(value);
        } else {
            gen.writeString(value);
        }
    }

    static boolean isInteger(String s) {
        int n = s.length();
        if (n == 0 || n > 18) {
            return false;
        }
        int i = s.charAt(0) == '-' ? 1 : 0;
        if (i == n || (s.charAt(i) == '0' && n - i > 1)) {
            return false;
        }
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
