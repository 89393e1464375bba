package io.bkm.alarm.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.bkm.alarm.common.ConfigRecords;
import io.bkm.alarm.common.DeadLetters;
import io.bkm.alarm.common.InvalidInputException;
import io.bkm.alarm.common.MessageParser;
import io.bkm.alarm.common.ParseAccounting;
import io.bkm.alarm.common.ParseResult;
import io.bkm.alarm.model.DataSource;
import io.bkm.alarm.model.RawMessage;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Custom reports (events or time series) checked against their data source: those shipped in {@code
 * conf/}, overridden at run time by {@code datasource:{id}} records on {@code bkm_config} (held in
 * broadcast state; a tombstone switches a data source off). A config record that is not valid goes
 * to dead letters and changes nothing.
 */
public class ReportParseFunction<T> extends BroadcastProcessFunction<RawMessage, RawMessage, T> {
    /** Parses a report given the data-source lookup in force. */
    @FunctionalInterface
    public interface ReportReader<T> extends Serializable {
        List<T> parse(JsonNode message, LongFunction<DataSource> dataSources, long receivedAt)
                throws InvalidInputException;
    }

    private final ReportReader<T> parser;
    private final Map<Long, DataSource> shipped;
    private final int maxMessageBytes;
    private final boolean reportsConfigErrors;
    private transient ParseAccounting books;

    /**
     * @param reportsConfigErrors whether this function dead-letters bad {@code datasource:}
     *     records; several functions read the same config, and one of them should say so
     */
    public ReportParseFunction(
            ReportReader<T> parser,
            List<DataSource> shipped,
            int maxMessageBytes,
            boolean reportsConfigErrors) {
        this.parser = parser;
        this.shipped = new HashMap<>();
        shipped.forEach(d -> this.shipped.put(d.dataId, d));
        this.maxMessageBytes = maxMessageBytes;
        this.reportsConfigErrors = reportsConfigErrors;
    }

    @Override
    public void open(OpenContext openContext) {
        books = new ParseAccounting(getRuntimeContext());
    }

    @Override
    public void processElement(RawMessage raw, ReadOnlyContext ctx, Collector<T> out)
            throws Exception {
        ReadOnlyBroadcastState<Long, DataSource> runtime = ctx.getBroadcastState(DataSources.STATE);
        LongFunction<DataSource> lookup =
                id -> {
                    try {
                        if (runtime.contains(id)) {
                            DataSource d = runtime.get(id);
                            return d.accessToken == null ? null : d;
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return shipped.get(id);
                };
        MessageParser<T> p =
                (json, receivedAt) -> ParseResult.of(parser.parse(json, lookup, receivedAt));
        books.handle(p, raw, maxMessageBytes, out::collect, d -> ctx.output(DeadLetters.TAG, d));
    }

    @Override
    public void processBroadcastElement(RawMessage config, Context ctx, Collector<T> out) {
        BroadcastState<Long, DataSource> state = ctx.getBroadcastState(DataSources.STATE);
        ConfigRecords.handle(
                config,
                DataSources.CONFIG_KEY_PREFIX,
                maxMessageBytes,
                getRuntimeContext(),
                (id, json) -> {
                    try {
                        // a tombstone switches the data source off, even if conf/ ships it
                        state.put(
                                id,
                                json == null
                                        ? new DataSource(id, null, null, null, null)
                                        : DataSources.parse(json, id));
                    } catch (InvalidInputException e) {
                        throw e;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                },
                e -> {
                    if (reportsConfigErrors) {
                        books.deadLetter(config, e, d -> ctx.output(DeadLetters.TAG, d));
                    }
                });
    }
}
