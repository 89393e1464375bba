package io.bkm.alarm.event;

import io.bkm.alarm.common.DeadLetters;
import io.bkm.alarm.common.InvalidInputException;
import io.bkm.alarm.model.DeadLetter;
import io.bkm.alarm.model.Event;
import io.bkm.alarm.model.RawMessage;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Third-party events ({@code bkm_fta_event}, already Event-shaped) to clean {@link Event}s; any
 * record that cannot be one leaves as a dead letter.
 */
public class FtaEventParseFunction extends ProcessFunction<RawMessage, Event> {
    private final int maxMessageBytes;
    private transient DeadLetters deadLetters;
    private transient Counter eventsIn;
    private transient Counter eventsOut;

    public FtaEventParseFunction(int maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public void open(OpenContext openContext) {
        deadLetters = new DeadLetters(getRuntimeContext().getMetricGroup());
        eventsIn = getRuntimeContext().getMetricGroup().counter("events_in");
        eventsOut = getRuntimeContext().getMetricGroup().counter("events_out");
    }

    @Override
    public void processElement(RawMessage raw, Context ctx, Collector<Event> out) {
        eventsIn.inc();
        try {
            Event e =
                    EventCleaner.clean(
                            JsonPayload.parse(raw.value, maxMessageBytes),
                            Math.floorDiv(raw.timestamp, 1000L));
            // No enrichment for third-party events yet, so the fingerprint is final here.
            if (e.dedupeMd5 == null) {
                e.dedupeMd5 = DedupeKeys.md5(e);
            }
            eventsOut.inc();
            out.collect(e);
        } catch (InvalidInputException ex) {
            deadLetters.count(ex.reason());
            ctx.output(DeadLetters.TAG, DeadLetter.of(raw, ex.reason(), ex.getMessage()));
        }
    }
}
