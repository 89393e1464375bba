package io.bkm.alarm.cmdb;

import io.bkm.alarm.common.DeadLetters;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.model.DeadLetter;
import io.bkm.alarm.model.GseRecord;
import io.bkm.alarm.model.RawMessage;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * After enrichment: resolved records go on; records a rule drops (unknown host, monitoring
 * disabled, ...) are counted by reason; records the CMDB could not answer for become dead letters
 * ({@code cmdb_unavailable}) carrying the record, to be replayed.
 */
public class EnrichmentOutcomeFunction extends ProcessFunction<GseRecord, GseRecord> {
    private transient MetricGroup droppedGroup;
    private transient Map<String, Counter> dropped;
    private transient DeadLetters deadLetters;

    @Override
    public void open(OpenContext openContext) {
        MetricGroup m = getRuntimeContext().getMetricGroup();
        droppedGroup = m.addGroup("dropped");
        dropped = new HashMap<>();
        deadLetters = new DeadLetters(m);
    }

    @Override
    public void processElement(GseRecord r, Context ctx, Collector<GseRecord> out) {
        if (r.enrichmentFailure == null) {
            out.collect(r);
        } else if (GseEnrichFunction.UNAVAILABLE.equals(r.enrichmentFailure)) {
            deadLetters.count(GseEnrichFunction.UNAVAILABLE);
            RawMessage source =
                    new RawMessage(
                            r.sourceTopic,
                            r.sourcePartition,
                            r.sourceOffset,
                            r.receivedAt * 1000L,
                            Json.writeBytes(r));
            ctx.output(
                    DeadLetters.TAG,
                    DeadLetter.of(
                            source,
                            GseEnrichFunction.UNAVAILABLE,
                            "the CMDB cache did not answer in time; payload is the parsed record"));
        } else {
            dropped.computeIfAbsent(
                            r.enrichmentFailure,
                            x -> droppedGroup.addGroup("reason", x).counter("count"))
                    .inc();
        }
    }

    @SuppressWarnings("unused")
    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
