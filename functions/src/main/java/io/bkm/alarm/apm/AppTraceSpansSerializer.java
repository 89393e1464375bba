package io.bkm.alarm.apm;

import io.bkm.alarm.model.wire.Wire;
import io.bkm.alarm.model.wire.WireSerializer;
import io.bkm.alarm.model.wire.WireTypeInfo;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** {@link AppTraceSpans} on the wire from the span stage to the trace stage, field by field. */
public final class AppTraceSpansSerializer extends WireSerializer<AppTraceSpans> {

    @Override
    public AppTraceSpans createInstance() {
        return new AppTraceSpans();
    }

    @Override
    public void serialize(AppTraceSpans a, DataOutputView out) throws IOException {
        Wire.string(a.traceKey, out);
        Wire.string(a.bkBizId, out);
        Wire.string(a.appName, out);
        out.writeLong(a.retentionSeconds);
        out.writeLong(a.seenAt);
        out.writeInt(a.spans.length);
        for (TraceSpan t : a.spans) {
            span(t, out);
        }
    }

    private static void span(TraceSpan t, DataOutputView out) throws IOException {
        Wire.string(t.spanId, out);
        Wire.string(t.parentSpanId, out);
        out.writeInt(t.kind);
        out.writeLong(t.startTime);
        out.writeLong(t.elapsedTime);
        Wire.string(t.service, out);
        Wire.string(t.categoryId, out);
        Wire.string(t.topoKind, out);
        Wire.string(t.node, out);
        Wire.string(t.endpointName, out);
        Wire.string(t.viaCategoryId, out);
        Wire.string(t.viaNode, out);
        Wire.string(t.peerService, out);
    }

    @Override
    public AppTraceSpans deserialize(DataInputView in) throws IOException {
        AppTraceSpans a = new AppTraceSpans();
        a.traceKey = Wire.string(in);
        a.bkBizId = repeated().read(in);
        a.appName = repeated().read(in);
        a.retentionSeconds = in.readLong();
        a.seenAt = in.readLong();
        a.spans = new TraceSpan[in.readInt()];
        for (int i = 0; i < a.spans.length; i++) {
            a.spans[i] = span(in);
        }
        return a;
    }

    private TraceSpan span(DataInputView in) throws IOException {
        TraceSpan t = new TraceSpan();
        t.spanId = Wire.string(in);
        t.parentSpanId = Wire.string(in);
        t.kind = in.readInt();
        t.startTime = in.readLong();
        t.elapsedTime = in.readLong();
        t.service = repeated().read(in);
        t.categoryId = repeated().read(in);
        t.topoKind = repeated().read(in);
        t.node = repeated().read(in);
        t.endpointName = repeated().read(in);
        t.viaCategoryId = repeated().read(in);
        t.viaNode = repeated().read(in);
        t.peerService = repeated().read(in);
        return t;
    }

    @Override
    public TypeSerializerSnapshot<AppTraceSpans> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores this serializer by name; it has no configuration. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<AppTraceSpans> {
        public Snapshot() {
            super(AppTraceSpansSerializer::new);
        }
    }

    /** What {@code @TypeInfo} on {@link AppTraceSpans} names. */
    public static final class Factory extends TypeInfoFactory<AppTraceSpans> {
        @Override
        public TypeInformation<AppTraceSpans> createTypeInfo(
                Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new WireTypeInfo<>(AppTraceSpans.class, AppTraceSpansSerializer::new);
        }
    }
}
