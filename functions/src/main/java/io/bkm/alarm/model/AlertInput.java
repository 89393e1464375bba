package io.bkm.alarm.model;

/**
 * What the alert operator takes in, one of the two: events and user operations meet in one keyed
 * input so that both change an alert in the order they arrive.
 */
public class AlertInput {
    public Event event;
    public AlertOp op;

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
}
