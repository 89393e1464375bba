package io.bkm.alarm.model.wire;

import io.bkm.alarm.model.AlertChange;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** {@link AlertChange} on the wire, from the alert state to alert QoS and on to notices. */
public final class AlertChangeSerializer extends WireSerializer<AlertChange> {
    @Override
    public AlertChange createInstance() {
        return new AlertChange();
    }

    @Override
    public void serialize(AlertChange c, DataOutputView out) throws IOException {
        Wire.summary(c.alert, out);
        out.writeLong(c.createTime);
        out.writeLong(c.updateTime);
        out.writeLong(c.version);
        out.writeLong(c.eventCount);
        out.writeBoolean(c.created);
        out.writeBoolean(c.blocked);
        out.writeBoolean(c.recovering);
        out.writeBoolean(c.noData);
        out.writeBoolean(c.shielded);
        out.writeBoolean(c.flapping);
        Wire.string(c.flapNotice, out);
        Wire.string(c.qosKey, out);
        Wire.bytes(c.document, out);
    }

    @Override
    public AlertChange deserialize(DataInputView in) throws IOException {
        AlertChange c = new AlertChange();
        c.alert = Wire.summary(in);
        c.createTime = in.readLong();
        c.updateTime = in.readLong();
        c.version = in.readLong();
        c.eventCount = in.readLong();
        c.created = in.readBoolean();
        c.blocked = in.readBoolean();
        c.recovering = in.readBoolean();
        c.noData = in.readBoolean();
        c.shielded = in.readBoolean();
        c.flapping = in.readBoolean();
        c.flapNotice = Wire.string(in);
        c.qosKey = Wire.string(in);
        c.document = Wire.bytes(in);
        return c;
    }

    @Override
    public TypeSerializerSnapshot<AlertChange> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores this serializer by name; it has no configuration. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<AlertChange> {
        public Snapshot() {
            super(AlertChangeSerializer::new);
        }
    }

    /** What {@code @TypeInfo} on {@link AlertChange} names. */
    public static final class Factory extends TypeInfoFactory<AlertChange> {
        @Override
        public TypeInformation<AlertChange> createTypeInfo(
                Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new WireTypeInfo<>(AlertChange.class, AlertChangeSerializer::new);
        }
    }
}
