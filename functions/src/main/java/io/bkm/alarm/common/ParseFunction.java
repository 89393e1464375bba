package io.bkm.alarm.common;

import io.bkm.alarm.model.DeadLetter;
import io.bkm.alarm.model.RawMessage;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Parses one input topic: records out, rule drops counted by reason, anything unusable to the
 * dead-letter side output. The {@code messages_*} accumulators let a finished job prove that every
 * input message was accounted for.
 */
public class ParseFunction<T> extends ProcessFunction<RawMessage, T> {
    public static final String ACC_IN = "messages_in";
    public static final String ACC_WITH_OUTPUT = "messages_with_output";
    public static final String ACC_ALL_DROPPED = "messages_all_dropped";
    public static final String ACC_DEAD = "messages_dead_lettered";

    private final MessageParser<T> parser;
    private final int maxMessageBytes;
    private transient DeadLetters deadLetters;
    private transient MetricGroup droppedGroup;
    private transient Map<String, Counter> dropped;
    private transient Counter recordsOut;
    private transient LongCounter in;
    private transient LongCounter withOutput;
    private transient LongCounter allDropped;
    private transient LongCounter dead;

    public ParseFunction(MessageParser<T> parser, int maxMessageBytes) {
        this.parser = parser;
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public void open(OpenContext openContext) {
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        deadLetters = new DeadLetters(metrics);
        droppedGroup = metrics.addGroup("dropped");
        dropped = new HashMap<>();
        recordsOut = metrics.counter("records_out");
        in = counter(ACC_IN);
        withOutput = counter(ACC_WITH_OUTPUT);
        allDropped = counter(ACC_ALL_DROPPED);
        dead = counter(ACC_DEAD);
    }

    private LongCounter counter(String name) {
        LongCounter c = new LongCounter();
        getRuntimeContext().addAccumulator(name, c);
        return c;
    }

    @Override
    public void processElement(RawMessage raw, Context ctx, Collector<T> out) {
        in.add(1);
        ParseResult<T> r;
        try {
            r = Intake.handle(parser, raw, maxMessageBytes);
        } catch (InvalidInputException e) {
            dead.add(1);
            deadLetters.count(e.reason());
            ctx.output(DeadLetters.TAG, DeadLetter.of(raw, e.reason(), e.getMessage()));
            return;
        }
        r.dropped()
                .forEach(
                        (reason, n) ->
                                dropped.computeIfAbsent(
                                                reason,
                                                x ->
                                                        droppedGroup
                                                                .addGroup("reason", x)
                                                                .counter("count"))
                                        .inc(n));
        if (r.records().isEmpty()) {
            allDropped.add(1);
            return;
        }
        withOutput.add(1);
        for (T record : r.records()) {
            recordsOut.inc();
            out.collect(record);
        }
    }
}
