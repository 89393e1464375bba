package io.bkm.alarm.model;

import io.bkm.alarm.model.wire.AlertInputSerializer;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * What the alert operator takes in, one of three: events, user operations and custom recovery
 * events meet in one keyed input so that all change an alert in the order they arrive.
 */
@TypeInfo(AlertInputSerializer.Factory.class)
public class AlertInput {
    public Event event;
    public AlertOp op;
    public CustomEventRecovery recovery;

    public AlertInput() {}

    public static AlertInput of(Event e) {
        AlertInput in = new AlertInput();
        in.event = e;
        return in;
    }

    public static AlertInput of(AlertOp op) {
        AlertInput in = new AlertInput();
        in.op = op;
        return in;
    }

    public static AlertInput of(CustomEventRecovery r) {
        AlertInput in = new AlertInput();
        in.recovery = r;
        return in;
    }
}
