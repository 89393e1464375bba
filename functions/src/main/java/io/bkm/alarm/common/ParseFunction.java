package io.bkm.alarm.common;

import io.bkm.alarm.model.RawMessage;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Parses one input topic; see {@link ParseAccounting} for what happens to each message. */
public class ParseFunction<T> extends ProcessFunction<RawMessage, T> {
    private final MessageParser<T> parser;
    private final int maxMessageBytes;
    private transient ParseAccounting books;

    public ParseFunction(MessageParser<T> parser, int maxMessageBytes) {
        this.parser = parser;
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public void open(OpenContext openContext) {
        books = new ParseAccounting(getRuntimeContext());
    }

    @Override
    public void processElement(RawMessage raw, Context ctx, Collector<T> out) {
        books.handle(
                parser, raw, maxMessageBytes, out::collect, d -> ctx.output(DeadLetters.TAG, d));
    }
}
