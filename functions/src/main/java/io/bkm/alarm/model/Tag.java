package io.bkm.alarm.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.Objects;

/**
 * One event tag. A scalar value is held as Python's {@code str()} of it, which is what the
 * fingerprint hashes; a list value keeps its members in {@link #values}.
 */
public class Tag {
    public String key;

    @JsonIgnore public String value;

    @JsonIgnore public String[] values;

    public String displayKey;
    public String displayValue;

    public Tag() {}

    public Tag(String key, String value) {
        this.key = key;
        this.value = value;
    }

    /** The value as written to Elasticsearch and Kafka: the list when there is one. */
    @JsonProperty("value")
    public Object jsonValue() {
        return values != null ? values : value;
    }

    /** What the fingerprint of a {@code tags.X} dedupe key reads. */
    public Object hashValue() {
        return values != null ? Arrays.asList(values) : value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tag t
                && Objects.equals(key, t.key)
                && Objects.equals(value, t.value)
                && Arrays.equals(values, t.values)
                && Objects.equals(displayKey, t.displayKey)
                && Objects.equals(displayValue, t.displayValue);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, value, Arrays.hashCode(values));
    }
}
