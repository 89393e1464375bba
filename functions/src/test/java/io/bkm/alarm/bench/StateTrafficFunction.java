package io.bkm.alarm.bench;

import io.bkm.alarm.alert.AlertStateFunction;
import io.bkm.alarm.model.AlertInput;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The RocksDB traffic the alert operator cannot do without, and nothing else: per event,
 * remembering its id, then reading and writing the fingerprint's state as bytes of the alert
 * state's serialized size. (Whether the id was seen needs no lookup here: the benchmark's events
 * come in time order per fingerprint, which the operator's {@code IdWatch} knows.) What this
 * reaches on a core bounds any alert operator that keeps its alerts in RocksDB and updates one per
 * event. {@link Parts} leaves out either half, or both, to show what each costs.
 */
final class StateTrafficFunction extends KeyedProcessFunction<String, AlertInput, Long> {
    /** Which of the traffic is done, and how the benchmark names it. */
    enum Parts {
        ALL("id, alert state read and written"),
        IDS("id only"),
        STATE("alert state read and written only"),
        NONE("none: the pipeline around the operator");

        final String what;

        Parts(String what) {
            this.what = what;
        }
    }

    private final int stateBytes;
    private final Parts parts;
    private transient MapState<String, byte[]> alerts;
    private transient MapState<Long, Long> eventIds;

    StateTrafficFunction(int stateBytes, Parts parts) {
        this.stateBytes = stateBytes;
        this.parts = parts;
    }

    @Override
    public void open(OpenContext openContext) {
        alerts =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "alerts",
                                        Types.STRING,
                                        PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        eventIds =
                getRuntimeContext()
                        .getMapState(new MapStateDescriptor<>("event-ids", Types.LONG, Types.LONG));
    }

    @Override
    public void processElement(AlertInput in, Context ctx, Collector<Long> out) throws Exception {
        if (parts == Parts.ALL || parts == Parts.IDS) {
            eventIds.put(AlertStateFunction.idHash(in.event.id), in.event.createTime);
        }
        if (parts == Parts.ALL || parts == Parts.STATE) {
            writeState(in);
        }
    }

    private void writeState(AlertInput in) throws Exception {
        byte[] state = alerts.get(in.event.dedupeMd5);
        if (state == null) {
            state = new byte[stateBytes];
        }
        state[0]++; // a change, as every event makes
        alerts.put(in.event.dedupeMd5, state);
    }
}
