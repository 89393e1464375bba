package io.bkm.alarm.job;

import io.bkm.alarm.apm.AppBatch;
import io.bkm.alarm.apm.DiscoveryChange;
import io.bkm.alarm.apm.DiscoveryDocuments;
import io.bkm.alarm.apm.EntityCapFunction;
import io.bkm.alarm.apm.EntityHeartbeatFunction;
import io.bkm.alarm.apm.HostLookupFunction;
import io.bkm.alarm.apm.HostProbe;
import io.bkm.alarm.apm.NodeSighting;
import io.bkm.alarm.apm.NodeStateFunction;
import io.bkm.alarm.apm.Sighting;
import io.bkm.alarm.apm.SpanBatch;
import io.bkm.alarm.apm.SpanBatchParser;
import io.bkm.alarm.apm.SpanBatchSerializer;
import io.bkm.alarm.apm.SpanBindFunction;
import io.bkm.alarm.apm.SpanSightingsFunction;
import io.bkm.alarm.apm.TraceSightingsFunction;
import io.bkm.alarm.cmdb.CmdbClient;
import io.bkm.alarm.common.ParseFunction;
import io.bkm.alarm.common.QuietWatermarks;
import io.bkm.alarm.job.config.ApmSettings;
import io.bkm.alarm.job.config.JobSettings;
import io.bkm.alarm.model.RawMessage;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * APM discovery's part of the job graph, which {@link AlarmJob} wires in: the trace spans, what
 * they show, and the entity indices and changelog.
 */
final class ApmDiscoveryStages {
    private ApmDiscoveryStages() {}

    /**
     * Trace spans → their application → what each span and each trace shows, and the hosts their
     * IPs are in the CMDB → each entity's lifetime → at most a cap per type and application → the
     * entity indices and the discovery changelog.
     */
    static void define(
            Inputs in,
            Outputs outputs,
            JobSettings s,
            CmdbClient.Factory cmdbClient,
            DeadLetterTaps taps) {
        ApmSettings apm = s.apm();
        int max = s.input().maxMessageBytes();
        SingleOutputStreamOperator<SpanBatch> batches =
                taps.tap(
                        in.apmSpans()
                                .process(
                                        new ParseFunction<>(
                                                SpanBatchParser::batches,
                                                max,
                                                SpanBatchParser::keepSource),
                                        SpanBatchSerializer.TYPE)
                                .uid(Uids.PARSE_APM_SPAN)
                                .name("parse trace batches"));
        SingleOutputStreamOperator<Tuple2<Long, RawMessage>> appConfigs =
                GraphSteps.rare(
                        in.config()
                                .filter(c -> SpanBindFunction.configId(c) != null)
                                .uid(Uids.APM_APP_CONFIG)
                                .name("APM application configs")
                                .flatMap(
                                        SpanBindFunction::configKeys,
                                        Types.TUPLE(
                                                Types.LONG, TypeInformation.of(RawMessage.class)))
                                .uid(Uids.APM_APP_CONFIG_KEYS)
                                .name("APM application configs to every key"));
        SingleOutputStreamOperator<AppBatch> spans =
                taps.tap(
                        batches.keyBy(SpanBindFunction::batchKey, Types.LONG)
                                .connect(appConfigs.keyBy(c -> c.f0, Types.LONG))
                                .process(
                                        new SpanBindFunction(apm.appWaitMs(), max, apm.rules()),
                                        TypeInformation.of(AppBatch.class))
                                .uid(Uids.APM_BIND)
                                .name("bind spans to their application"));
        SingleOutputStreamOperator<Sighting> spanSightings =
                spans.assignTimestampsAndWatermarks(
                                apmTimes(apm, (AppBatch a, long t) -> a.seenAt * 1000))
                        .uid(Uids.APM_SPAN_TIMES)
                        .name("span times")
                        .process(
                                new SpanSightingsFunction(apm.rules()),
                                TypeInformation.of(Sighting.class))
                        .uid(Uids.APM_SPAN_SIGHTINGS)
                        .name("sight endpoints, instances and nodes of spans");
        DataStream<Sighting> traceSightings =
                GraphSteps.toTheEnd(
                        spanSightings
                                .getSideOutput(SpanSightingsFunction.TRACE_SPANS)
                                .keyBy(t -> t.traceKey, Types.STRING),
                        new TraceSightingsFunction(apm.traceHoldSeconds()),
                        Sighting.class,
                        Uids.APM_TRACE,
                        "sight roots and relations of traces");
        DataStream<Sighting> hostSightings =
                AsyncDataStream.unorderedWait(
                                spans.getSideOutput(SpanBindFunction.HOST_PROBES)
                                        .assignTimestampsAndWatermarks(
                                                apmTimes(
                                                        apm,
                                                        (HostProbe p, long t) -> p.seenAt * 1000))
                                        .uid(Uids.APM_HOST_TIMES)
                                        .name("host probe times"),
                                new HostLookupFunction(cmdbClient, s.cmdb().lookup()),
                                s.cmdb().asyncTimeoutMs(),
                                TimeUnit.MILLISECONDS,
                                s.cmdb().asyncCapacity())
                        .uid(Uids.APM_HOST_LOOKUP)
                        .name("place service IPs in the CMDB")
                        .flatMap(HostProbe::sightingOf, TypeInformation.of(Sighting.class))
                        .uid(Uids.APM_HOST_SIGHTINGS)
                        .name("host instances");
        DataStream<DiscoveryChange> nodes =
                GraphSteps.toTheEnd(
                        spanSightings
                                .getSideOutput(SpanSightingsFunction.NODES)
                                .keyBy(NodeSighting::stateKey, Types.STRING),
                        new NodeStateFunction(
                                apm.touchIntervalSeconds(), apm.nodeRetentionSeconds()),
                        DiscoveryChange.class,
                        Uids.APM_NODE,
                        "topology nodes");
        SingleOutputStreamOperator<DiscoveryChange> changes =
                GraphSteps.toTheEnd(
                                spanSightings
                                        .union(traceSightings, hostSightings)
                                        .keyBy(Sighting::stateKey, Types.STRING),
                                new EntityHeartbeatFunction(apm.touchIntervalSeconds()),
                                DiscoveryChange.class,
                                Uids.APM_ENTITY,
                                "entity lifetimes")
                        .union(nodes)
                        .keyBy(EntityCapFunction::key, Types.STRING)
                        .process(
                                new EntityCapFunction(apm.entityCap()),
                                TypeInformation.of(DiscoveryChange.class))
                        .uid(Uids.APM_CAP)
                        .name("entity cap")
                        .map(DiscoveryDocuments::render, TypeInformation.of(DiscoveryChange.class))
                        .uid(Uids.APM_RENDER)
                        .name("render entity documents");
        changes.sinkTo(outputs.apmIndex())
                .uid(Uids.SINK_APM_ES)
                .name("APM entities to Elasticsearch");
        changes.sinkTo(outputs.apmTopic()).uid(Uids.SINK_APM_KAFKA).name("APM changes to Kafka");
    }

    /**
     * Discovery time: the batches' times, and the clock once spans are quiet, so that entities
     * expire though no spans come.
     */
    private static <T> WatermarkStrategy<T> apmTimes(
            ApmSettings apm, SerializableTimestampAssigner<T> times) {
        return QuietWatermarks.strategy(
                Duration.ofMillis(apm.outOfOrdernessMs()), Duration.ofMillis(apm.quietMs()), times);
    }
}
