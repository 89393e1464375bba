package io.bkm.alarm.apm;

import io.bkm.alarm.common.DeadLetters;
import io.bkm.alarm.common.ParseAccounting;
import io.bkm.alarm.common.ParseResult;
import io.bkm.alarm.model.RawMessage;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Reads trace batches, each keeping the record it came from; a batch that is none is a dead letter.
 */
public class SpanBatchParseFunction extends ProcessFunction<RawMessage, SpanBatch> {
    private final int maxMessageBytes;
    private transient ParseAccounting books;

    public SpanBatchParseFunction(int maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public void open(OpenContext openContext) {
        books = new ParseAccounting(getRuntimeContext());
    }

    @Override
    public void processElement(RawMessage raw, Context ctx, Collector<SpanBatch> out) {
        books.handle(
                (json, receivedAt) ->
                        ParseResult.of(List.of(SpanBatchParser.parse(json, receivedAt))),
                raw,
                maxMessageBytes,
                b -> {
                    b.raw = raw;
                    out.collect(b);
                },
                d -> ctx.output(DeadLetters.TAG, d));
    }
}
