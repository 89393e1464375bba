package io.bkm.alarm.model.wire;

import io.bkm.alarm.model.AlertSummary;
import io.bkm.alarm.model.Event;
import io.bkm.alarm.model.RawMessage;
import io.bkm.alarm.model.Tag;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Field-by-field encodings of the records that cross the network between the job's operators at
 * every event: no reflection and no per-field instance creation, which the POJO serializer spends
 * most of its time on. Never used for state (state keeps its POJO serializers, for savepoints).
 * {@code WireTest} fills every field of these classes and fails if one is not carried.
 */
public final class Wire {
    private Wire() {}

    /**
     * A string as its UTF-8 bytes, in bulk: Flink's string serializer writes and reads it a
     * character at a time, through a call each and a per-thread buffer.
     */
    public static void string(String s, DataOutputView out) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    public static String string(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    static void longOrNull(Long v, DataOutputView out) throws IOException {
        out.writeBoolean(v != null);
        if (v != null) {
            out.writeLong(v);
        }
    }

    static Long longOrNull(DataInputView in) throws IOException {
        return in.readBoolean() ? in.readLong() : null;
    }

    static void intOrNull(Integer v, DataOutputView out) throws IOException {
        out.writeBoolean(v != null);
        if (v != null) {
            out.writeInt(v);
        }
    }

    static Integer intOrNull(DataInputView in) throws IOException {
        return in.readBoolean() ? in.readInt() : null;
    }

    public static void strings(String[] a, DataOutputView out) throws IOException {
        out.writeInt(a == null ? -1 : a.length);
        if (a != null) {
            for (String s : a) {
                string(s, out);
            }
        }
    }

    public static String[] strings(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        String[] a = new String[n];
        for (int i = 0; i < n; i++) {
            a[i] = string(in);
        }
        return a;
    }

    /** A length, -1 for null, then the bytes. */
    public static void bytes(byte[] b, DataOutputView out) throws IOException {
        out.writeInt(b == null ? -1 : b.length);
        if (b != null) {
            out.write(b);
        }
    }

    public static byte[] bytes(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    static void copy(DataInputView in, DataOutputView out, int bytes) throws IOException {
        out.write(in, bytes);
    }

    public static void event(Event e, DataOutputView out) throws IOException {
        string(e.enrichmentFailure, out);
        string(e.sourceTopic, out);
        out.writeInt(e.sourcePartition);
        out.writeLong(e.sourceOffset);
        string(e.id, out);
        string(e.eventId, out);
        string(e.pluginId, out);
        longOrNull(e.strategyId, out);
        string(e.alertName, out);
        string(e.description, out);
        intOrNull(e.severity, out);
        string(e.dataType, out);
        tags(e.tags, out);
        string(e.targetType, out);
        string(e.target, out);
        strings(e.assignee, out);
        string(e.status, out);
        strings(e.metric, out);
        string(e.category, out);
        strings(e.dedupeKeys, out);
        string(e.dedupeMd5, out);
        longOrNull(e.time, out);
        longOrNull(e.anomalyTime, out);
        longOrNull(e.bkIngestTime, out);
        longOrNull(e.bkCleanTime, out);
        longOrNull(e.createTime, out);
        string(e.bkBizId, out);
        string(e.ip, out);
        string(e.bkCloudId, out);
        string(e.bkServiceInstanceId, out);
        string(e.bkHostId, out);
        string(e.ipv6, out);
        strings(e.bkTopoNode, out);
        string(e.extraInfo, out);
        string(e.bkTenantId, out);
    }

    public static Event event(DataInputView in) throws IOException {
        Event e = new Event();
        e.enrichmentFailure = string(in);
        e.sourceTopic = string(in);
        e.sourcePartition = in.readInt();
        e.sourceOffset = in.readLong();
        e.id = string(in);
        e.eventId = string(in);
        e.pluginId = string(in);
        e.strategyId = longOrNull(in);
        e.alertName = string(in);
        e.description = string(in);
        e.severity = intOrNull(in);
        e.dataType = string(in);
        e.tags = tags(in);
        e.targetType = string(in);
        e.target = string(in);
        e.assignee = strings(in);
        e.status = string(in);
        e.metric = strings(in);
        e.category = string(in);
        e.dedupeKeys = strings(in);
        e.dedupeMd5 = string(in);
        e.time = longOrNull(in);
        e.anomalyTime = longOrNull(in);
        e.bkIngestTime = longOrNull(in);
        e.bkCleanTime = longOrNull(in);
        e.createTime = longOrNull(in);
        e.bkBizId = string(in);
        e.ip = string(in);
        e.bkCloudId = string(in);
        e.bkServiceInstanceId = string(in);
        e.bkHostId = string(in);
        e.ipv6 = string(in);
        e.bkTopoNode = strings(in);
        e.extraInfo = string(in);
        e.bkTenantId = string(in);
        return e;
    }

    private static void tags(Tag[] tags, DataOutputView out) throws IOException {
        out.writeInt(tags == null ? -1 : tags.length);
        if (tags == null) {
            return;
        }
        for (Tag t : tags) {
            out.writeBoolean(t != null);
            if (t != null) {
                string(t.key, out);
                string(t.value, out);
                strings(t.values, out);
                string(t.displayKey, out);
                string(t.displayValue, out);
            }
        }
    }

    private static Tag[] tags(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        Tag[] tags = new Tag[n];
        for (int i = 0; i < n; i++) {
            if (in.readBoolean()) {
                Tag t = new Tag();
                t.key = string(in);
                t.value = string(in);
                t.values = strings(in);
                t.displayKey = string(in);
                t.displayValue = string(in);
                tags[i] = t;
            }
        }
        return tags;
    }

    public static void summary(AlertSummary s, DataOutputView out) throws IOException {
        out.writeBoolean(s != null);
        if (s == null) {
            return;
        }
        string(s.id, out);
        string(s.alertName, out);
        string(s.bkBizId, out);
        longOrNull(s.strategyId, out);
        string(s.dedupeMd5, out);
        intOrNull(s.severity, out);
        string(s.status, out);
        string(s.description, out);
        longOrNull(s.beginTime, out);
        longOrNull(s.latestTime, out);
        out.writeBoolean(s.isAck);
    }

    public static AlertSummary summary(DataInputView in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        AlertSummary s = new AlertSummary();
        s.id = string(in);
        s.alertName = string(in);
        s.bkBizId = string(in);
        s.strategyId = longOrNull(in);
        s.dedupeMd5 = string(in);
        s.severity = intOrNull(in);
        s.status = string(in);
        s.description = string(in);
        s.beginTime = longOrNull(in);
        s.latestTime = longOrNull(in);
        s.isAck = in.readBoolean();
        return s;
    }

    /** A record as it was read, or null. */
    public static void raw(RawMessage r, DataOutputView out) throws IOException {
        out.writeBoolean(r != null);
        if (r == null) {
            return;
        }
        string(r.topic, out);
        out.writeInt(r.partition);
        out.writeLong(r.offset);
        out.writeLong(r.timestamp);
        string(r.key, out);
        bytes(r.value, out);
    }

    public static RawMessage raw(DataInputView in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        RawMessage r = new RawMessage();
        r.topic = string(in);
        r.partition = in.readInt();
        r.offset = in.readLong();
        r.timestamp = in.readLong();
        r.key = string(in);
        r.value = bytes(in);
        return r;
    }
}
