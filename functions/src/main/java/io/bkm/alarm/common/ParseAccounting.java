package io.bkm.alarm.common;

import io.bkm.alarm.model.DeadLetter;
import io.bkm.alarm.model.RawMessage;
import io.bkm.alarm.model.Sourced;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * Runs a parser over one message inside a Flink function and keeps the books: records out, rule
 * drops by reason, dead letters by reason (metrics), and the {@code messages_*} accumulators that
 * let a finished job prove every input message was accounted for.
 */
public final class ParseAccounting {
    public static final String ACC_IN = "messages_in";
    public static final String ACC_WITH_OUTPUT = "messages_with_output";
    public static final String ACC_ALL_DROPPED = "messages_all_dropped";
    public static final String ACC_DEAD = "messages_dead_lettered";

    private final DeadLetters deadLetters;
    private final MetricGroup droppedGroup;
    private final Map<String, Counter> dropped = new HashMap<>();
    private final Counter recordsOut;
    private final LongCounter in;
    private final LongCounter withOutput;
    private final LongCounter allDropped;
    private final LongCounter dead;

    public ParseAccounting(RuntimeContext ctx) {
        MetricGroup metrics = ctx.getMetricGroup();
        deadLetters = new DeadLetters(metrics);
        droppedGroup = metrics.addGroup("dropped");
        recordsOut = metrics.counter("records_out");
        in = counter(ctx, ACC_IN);
        withOutput = counter(ctx, ACC_WITH_OUTPUT);
        allDropped = counter(ctx, ACC_ALL_DROPPED);
        dead = counter(ctx, ACC_DEAD);
    }

    private static LongCounter counter(RuntimeContext ctx, String name) {
        LongCounter c = new LongCounter();
        ctx.addAccumulator(name, c);
        return c;
    }

    public <T> void handle(
            MessageParser<T> parser,
            RawMessage raw,
            int maxBytes,
            Consumer<T> out,
            Consumer<DeadLetter> deadLetterOut) {
        in.add(1);
        ParseResult<T> r;
        try {
            r = Intake.handle(parser, raw, maxBytes);
        } catch (InvalidInputException e) {
            dead.add(1);
            deadLetters.count(e.reason());
            deadLetterOut.accept(DeadLetter.of(raw, e.reason(), e.getMessage()));
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
            if (record instanceof Sourced s) {
                s.setSource(raw.topic, raw.partition, raw.offset);
            }
            recordsOut.inc();
            out.accept(record);
        }
    }

    /** A config record that could not be used; counted like an input dead letter. */
    public void deadLetter(RawMessage raw, InvalidInputException e, Consumer<DeadLetter> out) {
        deadLetters.count(e.reason());
        out.accept(DeadLetter.of(raw, e.reason(), e.getMessage()));
    }
}
