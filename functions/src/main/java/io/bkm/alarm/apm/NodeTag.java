package io.bkm.alarm.apm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bkm.alarm.common.Json;
import java.util.Arrays;

/**
 * A named thing a topology node runs on or with (its system, platform or SDK), with the span values
 * that showed it ({@code extra_data}: rule path to value).
 */
public class NodeTag {
    public String name;
    public SpanField[] extraData = new SpanField[0];

    public NodeTag() {}

    public NodeTag(String name, SpanField[] extraData) {
        this.name = name;
        this.extraData = extraData;
    }

    /** {@code {name, extra_data: {path: value}}}, as bk-monitor stores it. */
    ObjectNode document() {
        ObjectNode d = Json.MAPPER.createObjectNode();
        d.put("name", name);
        ObjectNode extra = d.putObject("extra_data");
        for (SpanField f : extraData) {
            extra.put(f.key, f.text);
        }
        return d;
    }

    /** A copy with {@code other}'s values added, its own replaced where both have a path. */
    NodeTag mergedWith(NodeTag other) {
        SpanField[] merged = Arrays.copyOf(extraData, extraData.length + other.extraData.length);
        int n = extraData.length;
        outer:
        for (SpanField f : other.extraData) {
            for (int i = 0; i < n; i++) {
                if (merged[i].key.equals(f.key)) {
                    merged[i] = f;
                    continue outer;
                }
            }
            merged[n++] = f;
        }
        return new NodeTag(name, Arrays.copyOf(merged, n));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NodeTag t && toString().equals(t.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(name).append('{');
        for (SpanField f : extraData) {
            b.append(f.key).append('=').append(f.text).append(';');
        }
        return b.append('}').toString();
    }
}
