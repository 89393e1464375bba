package io.bkm.alarm.alert;

import io.bkm.alarm.common.DeadLetters;
import io.bkm.alarm.common.ParseAccounting;
import io.bkm.alarm.model.AlertInput;
import io.bkm.alarm.model.RawMessage;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Parses {@code bkm_alert_ops}. Each operation keeps its record: whether it applies is known only
 * at its alert's state, and one that does not becomes a dead letter there.
 */
public class AlertOpParseFunction extends ProcessFunction<RawMessage, AlertInput> {
    private final int maxMessageBytes;
    private transient ParseAccounting books;

    public AlertOpParseFunction(int maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public void open(OpenContext openContext) {
        books = new ParseAccounting(getRuntimeContext());
    }

    @Override
    public void processElement(RawMessage raw, Context ctx, Collector<AlertInput> out) {
        books.handle(
                AlertOpParser::parse,
                raw,
                maxMessageBytes,
                op -> {
                    op.source = raw;
                    out.collect(AlertInput.of(op));
                },
                d -> ctx.output(DeadLetters.TAG, d));
    }
}
