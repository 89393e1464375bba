package io.bkm.alarm.apm;

import java.util.Objects;

/**
 * One key of a span's {@code resource} or {@code attributes}: its value as Python's {@code str()}
 * renders it (null for JSON null) and whether Python counts it true (not null, "", 0, false or an
 * empty list or object), which is what bk-monitor's rules call present.
 */
public class SpanField {
    public String key;
    public String text;
    public boolean truthy;

    public SpanField() {}

    public SpanField(String key, String text, boolean truthy) {
        this.key = key;
        this.text = text;
        this.truthy = truthy;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SpanField f
                && truthy == f.truthy
                && key.equals(f.key)
                && Objects.equals(text, f.text);
    }

    @Override
    public int hashCode() {
        return key.hashCode() * 31 + (text == null ? 0 : text.hashCode());
    }
}
