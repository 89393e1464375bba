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

/** {@link AppTraceSpan} on the wire from the span stage to the trace stage, field by field. */
public final class AppTraceSpanSerializer extends WireSerializer<AppTraceSpan> {
    @Override
    public AppTraceSpan createInstance() {
        return new AppTraceSpan();
    }

    @Override
    public void serialize(AppTraceSpan a, DataOutputView out) throws IOException {
        Wire.string(a.traceKey, out);
        Wire.string(a.bkBizId, out);
        Wire.string(a.appName, out);
        out.writeLong(a.retentionSeconds);
        out.writeLong(a.seenAt);
        TraceSpan t = a.span;
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
    public AppTraceSpan deserialize(DataInputView in) throws IOException {
        AppTraceSpan a = new AppTraceSpan();
        a.traceKey = Wire.string(in);
        a.bkBizId = Wire.string(in);
        a.appName = Wire.string(in);
        a.retentionSeconds = in.readLong();
        a.seenAt = in.readLong();
        TraceSpan t = new TraceSpan();
        t.spanId = Wire.string(in);
        t.parentSpanId = Wire.string(in);
        t.kind = in.readInt();
        t.startTime = in.readLong();
        t.elapsedTime = in.readLong();
        t.service = Wire.string(in);
        t.categoryId = Wire.string(in);
        t.topoKind = Wire.string(in);
        t.node = Wire.string(in);
        t.endpointName = Wire.string(in);
        t.viaCategoryId = Wire.string(in);
        t.viaNode = Wire.string(in);
        t.peerService = Wire.string(in);
        a.span = t;
        return a;
    }

    @Override
    public TypeSerializerSnapshot<AppTraceSpan> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores this serializer by name; it has no configuration. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<AppTraceSpan> {
        public Snapshot() {
            super(AppTraceSpanSerializer::new);
        }
    }

    /** What {@code @TypeInfo} on {@link AppTraceSpan} names. */
    public static final class Factory extends TypeInfoFactory<AppTraceSpan> {
        @Override
        public TypeInformation<AppTraceSpan> createTypeInfo(
                Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new WireTypeInfo<>(AppTraceSpan.class, AppTraceSpanSerializer::new);
        }
    }
}
