package io.bkm.alarm.cmdb;

import io.bkm.alarm.common.DeadLetters;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.model.DeadLetter;
import io.bkm.alarm.model.Enrichable;
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
 * After enrichment: enriched records go on; records a rule drops (unknown host, monitoring
 * disabled, ...) are counted by reason; records the CMDB could not answer for become dead letters
 * ({@code cmdb_unavailable}) whose payload is the parsed record, ready to be replayed.
 */
public class EnrichmentOutcomeFunction<T extends Enrichable> extends ProcessFunction<T, T> {
    /** Accumulators {@code {name}_enriched}, {@code _dropped}, {@code _unavailable}. */
    private final String name;

    private transient LongCounter enriched;
    private transient LongCounter droppedTotal;
    private transient LongCounter unavailable;
    private transient MetricGroup droppedGroup;
    private transient Map<String, Counter> dropped;
    private transient DeadLetters deadLetters;

    public EnrichmentOutcomeFunction(String name) {
        this.name = name;
    }

    @Override
    public void open(OpenContext openContext) {
        enriched = new LongCounter();
        droppedTotal = new LongCounter();
        unavailable = new LongCounter();
        getRuntimeContext().addAccumulator(name + "_enriched", enriched);
        getRuntimeContext().addAccumulator(name + "_dropped", droppedTotal);
        getRuntimeContext().addAccumulator(name + "_unavailable", unavailable);
        MetricGroup m = getRuntimeContext().getMetricGroup();
        droppedGroup = m.addGroup("dropped");
        dropped = new HashMap<>();
        deadLetters = new DeadLetters(m);
    }

    @Override
    public void processElement(T r, Context ctx, Collector<T> out) {
        String failure = r.enrichmentFailure();
        if (failure == null) {
            enriched.add(1);
            out.collect(r);
        } else if (RetryingCmdbFunction.UNAVAILABLE.equals(failure)) {
            unavailable.add(1);
            deadLetters.count(failure);
            RawMessage source =
                    new RawMessage(
                            r.sourceTopic(),
                            r.sourcePartition(),
                            r.sourceOffset(),
                            r.receivedAtSeconds() * 1000L,
                            Json.writeBytes(r));
            ctx.output(
                    DeadLetters.TAG,
                    DeadLetter.of(
                            source,
                            failure,
                            "the CMDB did not answer in time; payload is the parsed record"));
        } else {
            droppedTotal.add(1);
            dropped.computeIfAbsent(
                            failure, x -> droppedGroup.addGroup("reason", x).counter("count"))
                    .inc();
        }
    }
}
