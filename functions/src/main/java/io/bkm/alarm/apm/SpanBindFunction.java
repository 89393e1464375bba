package io.bkm.alarm.apm;

import io.bkm.alarm.common.ConfigRecords;
import io.bkm.alarm.common.DeadLetters;
import io.bkm.alarm.common.InvalidInputException;
import io.bkm.alarm.common.JsonPayload;
import io.bkm.alarm.common.Reasons;
import io.bkm.alarm.model.DeadLetter;
import io.bkm.alarm.model.RawMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Binds trace batches to their application: input 1 the batches, input 2 the {@code
 * apm_app:{data_id}} records of the config topic, each sent to every one of the application's
 * {@link #BUCKETS} keys ({@link #configKeys}). A batch goes to the one of its partition ({@link
 * #batchKey}), so that one busy application's spans spread over the parallel instances. The batch's
 * spans go on together with their application ({@link AppBatch}); each distinct service and IP of a
 * batch goes to the host lookup ({@link #HOST_PROBES}), once a second.
 *
 * <p>A batch whose application is not known yet is held for {@code waitMs} (processing time), as
 * the config topic may still be being read at start-up; then it is a dead letter. A span of a batch
 * that was no span is a dead letter of its own. A tombstone ends the application's state.
 */
public class SpanBindFunction
        extends KeyedCoProcessFunction<Long, SpanBatch, Tuple2<Long, RawMessage>, AppBatch> {
    public static final OutputTag<HostProbe> HOST_PROBES = new OutputTag<>("apm-host-probes") {};

    /**
     * How many keys an application's batches spread over. Keys are {@code data_id * BUCKETS +
     * bucket}: changing it would orphan every application's state.
     */
    public static final int BUCKETS = 32;

    private final long waitMs;
    private final int maxMessageBytes;
    private final List<DiscoverRule> globalRules;
    private transient AppRules appRules;
    private transient RecentlySent probed;
    private transient ValueState<ApmApp> app;
    private transient ListState<SpanBatch> held;
    private transient DeadLetters deadLetters;
    private transient Counter spans;

    public SpanBindFunction(long waitMs, int maxMessageBytes, List<DiscoverRule> globalRules) {
        this.waitMs = waitMs;
        this.maxMessageBytes = maxMessageBytes;
        this.globalRules = new ArrayList<>(globalRules);
    }

    /** The data id of an {@code apm_app:} record, null for other config records. */
    public static Long configId(RawMessage config) {
        return ConfigRecords.idOf(config.key, ApmApp.CONFIG_PREFIX);
    }

    /**
     * The key of a batch: its application's, and a bucket its topic partition decides. A
     * partition's batches keep one key, so each binding sees them in the order they were written
     * and its event time follows them as it would follow the partition.
     */
    public static long batchKey(SpanBatch b) {
        int partition = b.raw == null ? 0 : b.raw.partition;
        return b.dataId * BUCKETS + Math.floorMod(partition, BUCKETS);
    }

    /** An {@code apm_app:} record once for each key its application's batches may have. */
    public static void configKeys(RawMessage config, Collector<Tuple2<Long, RawMessage>> out) {
        long dataId = configId(config);
        for (int b = 0; b < BUCKETS; b++) {
            out.collect(Tuple2.of(dataId * BUCKETS + b, config));
        }
    }

    @Override
    public void open(OpenContext openContext) {
        // named apart from the state of the time when the key was the data id alone
        app =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "apm-bucket-app", TypeInformation.of(ApmApp.class)));
        held =
                getRuntimeContext()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "apm-bucket-held-batches",
                                        TypeInformation.of(SpanBatch.class)));
        deadLetters = new DeadLetters(getRuntimeContext().getMetricGroup());
        spans = getRuntimeContext().getMetricGroup().counter("spans_bound");
        appRules = new AppRules(globalRules);
        probed = new RecentlySent(10_000);
    }

    @Override
    public void processElement1(SpanBatch batch, Context ctx, Collector<AppBatch> out)
            throws Exception {
        ApmApp a = app.value();
        if (a != null) {
            bind(a, batch, ctx, out);
            return;
        }
        if (!held.get().iterator().hasNext()) {
            ctx.timerService()
                    .registerProcessingTimeTimer(
                            ctx.timerService().currentProcessingTime() + waitMs);
        }
        held.add(batch);
    }

    @Override
    public void processElement2(
            Tuple2<Long, RawMessage> keyed, Context ctx, Collector<AppBatch> out) throws Exception {
        RawMessage config = keyed.f1;
        long dataId = Math.floorDiv(ctx.getCurrentKey(), BUCKETS);
        if (config.value == null) {
            app.clear();
            return;
        }
        ApmApp a;
        try {
            if (dataId < 0) {
                throw new InvalidInputException(
                        Reasons.INVALID_VALUE, "config key " + config.key + " has no numeric id");
            }
            a = ApmApp.parse(dataId, JsonPayload.parse(config.value, maxMessageBytes));
        } catch (InvalidInputException e) {
            // one dead letter for the record, not one for each of its keys
            if (Math.floorMod(ctx.getCurrentKey(), BUCKETS) == 0) {
                deadLetters.count(e.reason());
                ctx.output(DeadLetters.TAG, DeadLetter.of(config, e.reason(), e.getMessage()));
            }
            return;
        }
        app.update(a);
        for (SpanBatch b : held.get()) {
            bind(a, b, ctx, out);
        }
        held.clear();
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AppBatch> out)
            throws Exception {
        for (SpanBatch b : held.get()) {
            deadLetters.count(Reasons.UNKNOWN_APPLICATION);
            ctx.output(
                    DeadLetters.TAG,
                    DeadLetter.of(
                            b.raw,
                            Reasons.UNKNOWN_APPLICATION,
                            "no apm_app:" + b.dataId + " record on the config topic"));
        }
        held.clear();
    }

    /** The batch's spans with their application; those that were no span, dead letters. */
    private void bind(ApmApp a, SpanBatch b, Context ctx, Collector<AppBatch> out) {
        for (SpanBatch.RejectedSpan r : b.rejected) {
            deadLetters.count(r.reason);
            ctx.output(
                    DeadLetters.TAG, DeadLetter.of(spanRecord(b.raw, r.json), r.reason, r.detail));
        }
        Set<List<String>> hosts = new LinkedHashSet<>();
        // what no discovery reads goes no further: less to send and hold, and spans that show
        // the same look the same
        DiscoverRules rules = appRules.of(a);
        for (Span s : b.spans) {
            s.keepOnly(rules);
            String[] host = InstanceDiscovery.serviceHost(s);
            if (host != null) {
                hosts.add(List.of(host));
            }
        }
        if (b.spans.length > 0) {
            out.collect(new AppBatch(a, b.time, b.spans));
        }
        spans.inc(b.spans.length);
        for (List<String> h : hosts) {
            // a service seen on an IP in the same second again places nothing new
            if (probed.firstTime(List.of(a.dataId, b.time, h))) {
                ctx.output(HOST_PROBES, new HostProbe(a, b.time, h.get(0), h.get(1)));
            }
        }
    }

    /** A rejected span as a record of its own: where its batch came from, with its JSON. */
    private static RawMessage spanRecord(RawMessage batch, String json) {
        RawMessage r =
                new RawMessage(
                        batch.topic,
                        batch.partition,
                        batch.offset,
                        batch.timestamp,
                        json.getBytes(StandardCharsets.UTF_8));
        r.key = batch.key;
        return r;
    }
}
