package io.bkm.alarm.common;

import io.bkm.alarm.model.RawMessage;
import java.io.Serializable;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Parses one input topic; see {@link ParseAccounting} for what happens to each message. */
public class ParseFunction<T> extends ProcessFunction<RawMessage, T> {
    /** Gives a parsed record what it needs of its Kafka record. */
    @FunctionalInterface
    public interface Stamp<T> extends Serializable {
        void stamp(T record, RawMessage raw);
    }

    private final MessageParser<T> parser;
    private final int maxMessageBytes;
    private final Stamp<T> stamp;
    private transient ParseAccounting books;

    public ParseFunction(MessageParser<T> parser, int maxMessageBytes) {
        this(parser, maxMessageBytes, (record, raw) -> {});
    }

    public ParseFunction(MessageParser<T> parser, int maxMessageBytes, Stamp<T> stamp) {
        this.parser = parser;
        this.maxMessageBytes = maxMessageBytes;
        this.stamp = stamp;
    }

    @Override
    public void open(OpenContext openContext) {
        books = new ParseAccounting(getRuntimeContext());
    }

    @Override
    public void processElement(RawMessage raw, Context ctx, Collector<T> out) {
        books.handle(
                parser,
                raw,
                maxMessageBytes,
                r -> {
                    stamp.stamp(r, raw);
                    out.collect(r);
                },
                d -> ctx.output(DeadLetters.TAG, d));
    }
}
