package io.bkm.alarm.model.wire;

import io.bkm.alarm.model.AlertInput;
import io.bkm.alarm.model.AlertOp;
import io.bkm.alarm.model.CustomEventRecovery;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * {@link AlertInput} on the wire into the alert state: an event field by field; the rare operations
 * and recovery events by their POJO serializers.
 */
public final class AlertInputSerializer extends WireSerializer<AlertInput> {
    private static final byte EVENT = 0;
    private static final byte OP = 1;
    private static final byte RECOVERY = 2;

    private transient TypeSerializer<AlertOp> ops;
    private transient TypeSerializer<CustomEventRecovery> recoveries;

    @Override
    public AlertInput createInstance() {
        return new AlertInput();
    }

    @Override
    public void serialize(AlertInput in, DataOutputView out) throws IOException {
        if (in.event != null) {
            out.writeByte(EVENT);
            Wire.event(in.event, out);
        } else if (in.op != null) {
            out.writeByte(OP);
            ops().serialize(in.op, out);
        } else {
            out.writeByte(RECOVERY);
            recoveries().serialize(in.recovery, out);
        }
    }

    @Override
    public AlertInput deserialize(DataInputView source) throws IOException {
        return switch (source.readByte()) {
            case EVENT -> AlertInput.of(Wire.event(source));
            case OP -> AlertInput.of(ops().deserialize(source));
            case RECOVERY -> AlertInput.of(recoveries().deserialize(source));
            default -> throw new IOException("not an alert input");
        };
    }

    private TypeSerializer<AlertOp> ops() {
        if (ops == null) {
            ops = TypeInformation.of(AlertOp.class).createSerializer(new SerializerConfigImpl());
        }
        return ops;
    }

    private TypeSerializer<CustomEventRecovery> recoveries() {
        if (recoveries == null) {
            recoveries =
                    TypeInformation.of(CustomEventRecovery.class)
                            .createSerializer(new SerializerConfigImpl());
        }
        return recoveries;
    }

    @Override
    public TypeSerializerSnapshot<AlertInput> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores this serializer by name; it has no configuration. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<AlertInput> {
        public Snapshot() {
            super(AlertInputSerializer::new);
        }
    }

    /** What {@code @TypeInfo} on {@link AlertInput} names. */
    public static final class Factory extends TypeInfoFactory<AlertInput> {
        @Override
        public TypeInformation<AlertInput> createTypeInfo(
                Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new WireTypeInfo<>(AlertInput.class, AlertInputSerializer::new);
        }
    }
}
