package io.bkm.alarm.apm;

import io.bkm.alarm.model.wire.Wire;
import io.bkm.alarm.model.wire.WireSerializer;
import io.bkm.alarm.model.wire.WireStrings;
import io.bkm.alarm.model.wire.WireTypeInfo;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * {@link SpanBatch} on the wire from the parse to the binding stage, field by field. Only for the
 * stream: held batches keep the POJO serializer that {@code TypeInformation.of} gives them.
 */
public final class SpanBatchSerializer extends WireSerializer<SpanBatch> {
    /** The parsed batches' stream type. */
    public static final TypeInformation<SpanBatch> TYPE =
            new WireTypeInfo<>(SpanBatch.class, SpanBatchSerializer::new);

    @Override
    public SpanBatch createInstance() {
        return new SpanBatch();
    }

    @Override
    public void serialize(SpanBatch b, DataOutputView out) throws IOException {
        out.writeLong(b.dataId);
        out.writeLong(b.time);
        out.writeInt(b.spans.length);
        for (Span s : b.spans) {
            span(s, out);
        }
        out.writeInt(b.rejected.length);
        for (SpanBatch.RejectedSpan r : b.rejected) {
            Wire.string(r.reason, out);
            Wire.string(r.detail, out);
            Wire.string(r.json, out);
        }
        Wire.raw(b.raw, out);
    }

    @Override
    public SpanBatch deserialize(DataInputView in) throws IOException {
        SpanBatch b = new SpanBatch();
        b.dataId = in.readLong();
        b.time = in.readLong();
        b.spans = new Span[in.readInt()];
        for (int i = 0; i < b.spans.length; i++) {
            b.spans[i] = span(in, repeated());
        }
        b.rejected = new SpanBatch.RejectedSpan[in.readInt()];
        for (int i = 0; i < b.rejected.length; i++) {
            b.rejected[i] =
                    new SpanBatch.RejectedSpan(Wire.string(in), Wire.string(in), Wire.string(in));
        }
        b.raw = Wire.raw(in);
        return b;
    }

    private static void span(Span s, DataOutputView out) throws IOException {
        Wire.string(s.traceId, out);
        Wire.string(s.spanId, out);
        Wire.string(s.parentSpanId, out);
        Wire.string(s.spanName, out);
        out.writeInt(s.kind);
        out.writeLong(s.startTime);
        out.writeLong(s.elapsedTime);
        fields(s.resource, out);
        fields(s.attributes, out);
    }

    private static Span span(DataInputView in, WireStrings repeated) throws IOException {
        Span s = new Span();
        s.traceId = Wire.string(in);
        s.spanId = Wire.string(in);
        s.parentSpanId = Wire.string(in);
        s.spanName = repeated.read(in);
        s.kind = in.readInt();
        s.startTime = in.readLong();
        s.elapsedTime = in.readLong();
        s.resource = fields(in, repeated);
        s.attributes = fields(in, repeated);
        return s;
    }

    private static void fields(SpanField[] fields, DataOutputView out) throws IOException {
        out.writeInt(fields.length);
        for (SpanField f : fields) {
            Wire.string(f.key, out);
            Wire.string(f.text, out);
            out.writeBoolean(f.truthy);
        }
    }

    private static SpanField[] fields(DataInputView in, WireStrings repeated) throws IOException {
        SpanField[] fields = new SpanField[in.readInt()];
        for (int i = 0; i < fields.length; i++) {
            fields[i] = new SpanField(repeated.read(in), repeated.read(in), in.readBoolean());
        }
        return fields;
    }

    @Override
    public TypeSerializerSnapshot<SpanBatch> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores this serializer by name; it has no configuration. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<SpanBatch> {
        public Snapshot() {
            super(SpanBatchSerializer::new);
        }
    }
}
