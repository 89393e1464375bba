package io.bkm.alarm.job;

import io.bkm.alarm.alert.AlertOpParser;
import io.bkm.alarm.alert.AlertQosFunction;
import io.bkm.alarm.alert.AlertStateFunction;
import io.bkm.alarm.alert.AlertStateOperator;
import io.bkm.alarm.cmdb.EnrichmentOutcomeFunction;
import io.bkm.alarm.cmdb.EventEnrichFunction;
import io.bkm.alarm.cmdb.GseEnrichFunction;
import io.bkm.alarm.common.ParseFunction;
import io.bkm.alarm.detect.CustomEventBindFunction;
import io.bkm.alarm.detect.NoDataFunction;
import io.bkm.alarm.detect.NoDataTargetsFunction;
import io.bkm.alarm.detect.TimeSeriesBindFunction;
import io.bkm.alarm.detect.WindowDetectFunction;
import io.bkm.alarm.event.FtaEventParser;
import io.bkm.alarm.gse.GseEventParser;
import io.bkm.alarm.job.config.JobSettings;
import io.bkm.alarm.model.Action;
import io.bkm.alarm.model.AlertChange;
import io.bkm.alarm.model.AlertInput;
import io.bkm.alarm.model.AnomalyRecord;
import io.bkm.alarm.model.CustomEventRecord;
import io.bkm.alarm.model.DetectSample;
import io.bkm.alarm.model.Event;
import io.bkm.alarm.model.GseRecord;
import io.bkm.alarm.model.RawMessage;
import io.bkm.alarm.model.StrategyHosts;
import io.bkm.alarm.model.TimeSeriesPoint;
import io.bkm.alarm.notice.ActionQosFunction;
import io.bkm.alarm.notice.NoticeConvergeFunction;
import io.bkm.alarm.notice.NoticeFunction;
import io.bkm.alarm.report.DataSources;
import io.bkm.alarm.report.ReportParseFunction;
import io.bkm.alarm.report.ReportParser;
import io.bkm.alarm.shield.ShieldScheduleFunction;
import io.bkm.alarm.strategy.Strategies;
import io.bkm.alarm.trigger.GseDimensions;
import io.bkm.alarm.trigger.StrategyBindFunction;
import io.bkm.alarm.trigger.TriggerFunction;
import io.bkm.alarm.trigger.TriggerRateLimitFunction;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/** The job graph, in one place; sources and sinks come in as arguments. */
public final class AlarmJob {
    private AlarmJob() {}

    public static void defineWorkflow(Inputs in, Outputs outputs, JobSettings s) {
        int max = s.maxMessageBytes();
        GseEventParser gse = new GseEventParser(s.gse());
        DeadLetterTaps taps = new DeadLetterTaps();

        SingleOutputStreamOperator<Event> parsedEvents =
                taps.tap(
                        GraphSteps.parse(
                                in.ftaEvents(),
                                new FtaEventParser(),
                                Event.class,
                                max,
                                Uids.PARSE_FTA_EVENT,
                                "parse third-party events"));
        SingleOutputStreamOperator<GseRecord> gseSystem =
                taps.tap(
                        GraphSteps.parse(
                                in.gseSystemEvents(),
                                gse::parseSystemEvent,
                                GseRecord.class,
                                max,
                                Uids.PARSE_GSE_SYSTEM_EVENT,
                                "parse GSE system events"));
        SingleOutputStreamOperator<GseRecord> gseCustom =
                taps.tap(
                        GraphSteps.parse(
                                in.gseCustomEvents(),
                                gse::parseCustomString,
                                GseRecord.class,
                                max,
                                Uids.PARSE_GSE_CUSTOM_EVENT,
                                "parse GSE custom events"));
        SingleOutputStreamOperator<GseRecord> gseProcess =
                taps.tap(
                        GraphSteps.parse(
                                in.gseProcessEvents(),
                                gse::parseProcessEvent,
                                GseRecord.class,
                                max,
                                Uids.PARSE_GSE_PROCESS_EVENT,
                                "parse GSE process events"));

        // one broadcast per state, so each operator holds only the config it reads
        BroadcastStream<RawMessage> config = in.config().broadcast(DataSources.STATE);
        SingleOutputStreamOperator<CustomEventRecord> customEvents =
                taps.tap(
                        in.customEvents()
                                .connect(config)
                                .process(
                                        new ReportParseFunction<>(
                                                ReportParser::customEvents,
                                                s.dataSources(),
                                                max,
                                                true),
                                        TypeInformation.of(CustomEventRecord.class))
                                .uid(Uids.PARSE_CUSTOM_EVENT)
                                .name("parse custom event reports"));
        SingleOutputStreamOperator<TimeSeriesPoint> points =
                taps.tap(
                        in.timeSeries()
                                .connect(config)
                                .process(
                                        new ReportParseFunction<>(
                                                ReportParser::timeSeries,
                                                s.dataSources(),
                                                max,
                                                false),
                                        TypeInformation.of(TimeSeriesPoint.class))
                                .uid(Uids.PARSE_TIMESERIES)
                                .name("parse time-series reports"));

        // Ordered: records of one host must reach the trigger in the order they came.
        SingleOutputStreamOperator<GseRecord> enriched =
                AsyncDataStream.orderedWait(
                                gseSystem.union(gseCustom, gseProcess),
                                new GseEnrichFunction(s.cmdbClient(), s.cmdb()),
                                s.cmdbTimeoutMs(),
                                TimeUnit.MILLISECONDS,
                                s.cmdbCapacity())
                        .uid(Uids.ENRICH_GSE)
                        .name("resolve GSE hosts in the CMDB");
        SingleOutputStreamOperator<GseRecord> gseRecords =
                taps.tap(
                        enriched.process(
                                        new EnrichmentOutcomeFunction<>("gse"),
                                        TypeInformation.of(GseRecord.class))
                                .uid(Uids.ENRICH_GSE_OUTCOME)
                                .name("route GSE enrichment outcome"));

        // Custom events and time-series points → their strategies → aggregates per interval →
        // each level's detector. Their anomalies join the GSE ones at the trigger; custom
        // recovery events go to the alert state.
        SingleOutputStreamOperator<DetectSample> customSamples =
                GraphSteps.bindToStrategies(
                        customEvents,
                        in.config(),
                        new CustomEventBindFunction(s.strategies(), max, in.configCatchUp()),
                        Uids.BIND_CUSTOM_EVENT,
                        "bind custom events to strategies");
        SingleOutputStreamOperator<DetectSample> pointSamples =
                GraphSteps.bindToStrategies(
                        points,
                        in.config(),
                        new TimeSeriesBindFunction(s.strategies(), max, in.configCatchUp()),
                        Uids.BIND_TIMESERIES,
                        "bind time-series points to strategies");
        // Each input is timed in its own bind task, so that time it spends held back by
        // backpressure does not count as quiet (see QuietWatermarks).
        SingleOutputStreamOperator<AnomalyRecord> windowAnomalies =
                taps.tap(
                        GraphSteps.toTheEnd(
                                GraphSteps.timed(
                                                customSamples,
                                                s,
                                                Uids.DETECT_WATERMARKS,
                                                "custom event watermarks")
                                        .union(
                                                GraphSteps.timed(
                                                        pointSamples,
                                                        s,
                                                        Uids.DETECT_WATERMARKS_TIMESERIES,
                                                        "time-series watermarks"))
                                        .keyBy(WindowDetectFunction::key, Types.STRING),
                                new WindowDetectFunction(),
                                AnomalyRecord.class,
                                Uids.DETECT_WINDOWS,
                                "aggregate per interval and detect"));

        // Items with no-data detection: their points' series, checked on the clock; hosts under
        // a strategy's topology targets come from the CMDB, in config order.
        SingleOutputStreamOperator<StrategyHosts> noDataStrategies =
                AsyncDataStream.orderedWait(
                                in.config(),
                                new NoDataTargetsFunction(s.cmdbClient(), s.cmdb().keyPrefix()),
                                s.cmdbTimeoutMs(),
                                TimeUnit.MILLISECONDS,
                                s.cmdbCapacity())
                        .uid(Uids.RESOLVE_NO_DATA_TARGETS)
                        .name("resolve no-data targets in the CMDB");
        SingleOutputStreamOperator<AnomalyRecord> noDataAnomalies =
                pointSamples
                        .getSideOutput(TimeSeriesBindFunction.NO_DATA_SEEN)
                        .keyBy(NoDataFunction::key, Types.STRING)
                        .connect(noDataStrategies.keyBy(NoDataFunction::configKey, Types.STRING))
                        .process(
                                new NoDataFunction(s.noDataCheckDelaySeconds()),
                                TypeInformation.of(AnomalyRecord.class))
                        .uid(Uids.DETECT_NO_DATA)
                        .name("detect no data");

        // GSE records → strategies → trigger → monitor events.
        SingleOutputStreamOperator<AnomalyRecord> anomalies =
                taps.tap(
                        gseRecords
                                .keyBy(GseDimensions::md5, Types.STRING)
                                .connect(in.config().broadcast(Strategies.STATE))
                                .process(
                                        new StrategyBindFunction(
                                                s.strategies(), max, in.configCatchUp()),
                                        TypeInformation.of(AnomalyRecord.class))
                                .uid(Uids.STRATEGY_BIND)
                                .name("bind GSE records to strategies"));
        SingleOutputStreamOperator<Event> monitorEvents =
                anomalies
                        .union(windowAnomalies, noDataAnomalies)
                        .keyBy(
                                a -> a.strategyId + "|" + a.itemId + "|" + a.md5Dimension,
                                Types.STRING)
                        .process(new TriggerFunction(), TypeInformation.of(Event.class))
                        .uid(Uids.TRIGGER)
                        .name("trigger")
                        .keyBy(TriggerRateLimitFunction::key, Types.STRING)
                        .process(
                                new TriggerRateLimitFunction(s.triggerRateLimit()),
                                TypeInformation.of(Event.class))
                        .uid(Uids.TRIGGER_RATE_LIMIT)
                        .name("trigger rate limit");
        monitorEvents
                .sinkTo(outputs.monitorEventTopic())
                .uid(Uids.SINK_MONITOR_EVENT_KAFKA)
                .name("monitor events to Kafka");

        // Third-party events: enriched in order per partition, fingerprinted after enrichment.
        SingleOutputStreamOperator<Event> events =
                taps.tap(
                        AsyncDataStream.orderedWait(
                                        parsedEvents,
                                        new EventEnrichFunction(s.cmdbClient(), s.cmdb()),
                                        s.cmdbTimeoutMs(),
                                        TimeUnit.MILLISECONDS,
                                        s.cmdbCapacity())
                                .uid(Uids.ENRICH_EVENT)
                                .name("enrich third-party events from the CMDB")
                                .process(
                                        new EnrichmentOutcomeFunction<>("event"),
                                        TypeInformation.of(Event.class))
                                .uid(Uids.ENRICH_EVENT_OUTCOME)
                                .name("route event enrichment outcome"));

        // Each event is written where it is made (chained, no copy or shuffle before the writer)
        // and goes on to the alert state as it is.
        GraphSteps.writeEvents(events, outputs, Uids.SINK_EVENT_ES, "events to Elasticsearch");
        GraphSteps.writeEvents(
                monitorEvents,
                outputs,
                Uids.SINK_MONITOR_EVENT_ES,
                "monitor events to Elasticsearch");

        SingleOutputStreamOperator<AlertInput> ops =
                taps.tap(
                        in.alertOps()
                                .process(
                                        new ParseFunction<>(
                                                AlertOpParser::parse,
                                                max,
                                                AlertOpParser::keepSource),
                                        TypeInformation.of(AlertInput.class))
                                .uid(Uids.PARSE_ALERT_OPS)
                                .name("parse alert operations"));
        // Alert QoS comes after the alert state, yet a release must close the alert there: the
        // releases come back through Kafka (see AlertQosFunction).
        SingleOutputStreamOperator<AlertInput> qosReleases =
                taps.tap(
                        in.alertQosReleases()
                                .process(
                                        new ParseFunction<>(
                                                AlertOpParser::parseRelease,
                                                max,
                                                AlertOpParser::keepSource),
                                        TypeInformation.of(AlertInput.class))
                                .uid(Uids.PARSE_ALERT_QOS_RELEASE)
                                .name("parse alert QoS releases"));
        // Shields start and end on time: their boundaries come as ticks with the config.
        SingleOutputStreamOperator<RawMessage> shieldTicks =
                taps.tap(
                        in.config()
                                .filter(ShieldScheduleFunction::isShield)
                                .uid(Uids.SHIELD_CONFIG)
                                .name("shield configs")
                                .keyBy(ShieldScheduleFunction::key, Types.LONG)
                                .process(
                                        new ShieldScheduleFunction(
                                                s.alertTimes().shieldTimeZone(), max),
                                        TypeInformation.of(RawMessage.class))
                                .uid(Uids.SHIELD_SCHEDULE)
                                .name("shield schedule"));
        KeyedStream<AlertInput, String> alertInput =
                GraphSteps.toAlertState(
                                events, Uids.ALERT_INPUT_EVENTS, "events to the alert state")
                        .union(
                                GraphSteps.toAlertState(
                                        monitorEvents,
                                        Uids.ALERT_INPUT_MONITOR_EVENTS,
                                        "monitor events to the alert state"),
                                ops,
                                qosReleases,
                                customSamples
                                        .getSideOutput(CustomEventBindFunction.RECOVERIES)
                                        .union(
                                                noDataAnomalies.getSideOutput(
                                                        NoDataFunction.RECOVERIES))
                                        .map(AlertInput::of, TypeInformation.of(AlertInput.class))
                                        .uid(Uids.ALERT_INPUT_RECOVERIES)
                                        .name(
                                                "recovery events and returning data to the alert"
                                                        + " state"))
                        .keyBy(AlertStateFunction::key, Types.STRING);
        SingleOutputStreamOperator<AlertChange> alertVersions =
                taps.tap(
                        AlertStateOperator.apply(
                                        alertInput,
                                        in.config().union(shieldTicks),
                                        new AlertStateFunction(s.strategies(), s.alertTimes(), max),
                                        "alert lifecycle")
                                .uid(Uids.ALERT_LIFECYCLE));
        // The alert state's logs are written where they are made.
        alertVersions
                .getSideOutput(AlertStateFunction.LOGS)
                .sinkTo(outputs.alertLogIndex())
                .uid(Uids.SINK_ALERT_LOG_ES)
                .name("alert logs to Elasticsearch");

        // Alert QoS: floods of new alerts per strategy, signal and severity are blocked.
        SingleOutputStreamOperator<AlertChange> alerts =
                alertVersions
                        .keyBy(AlertQosFunction::key, Types.STRING)
                        .process(
                                new AlertQosFunction(
                                        s.alertQosThreshold(), s.alertQosWindowSeconds()),
                                TypeInformation.of(AlertChange.class))
                        .uid(Uids.ALERT_QOS)
                        .name("alert QoS");

        alerts.getSideOutput(AlertQosFunction.RELEASES)
                .sinkTo(outputs.alertQosReleaseTopic())
                .uid(Uids.SINK_ALERT_QOS_RELEASE_KAFKA)
                .name("alert QoS releases to Kafka");

        // Each alert version's document, rendered once in the alert state, to its three writers.
        alerts.sinkTo(outputs.alertIndex()).uid(Uids.SINK_ALERT_ES).name("alerts to Elasticsearch");
        alerts.sinkTo(outputs.alertTopic()).uid(Uids.SINK_ALERT_KAFKA).name("alerts to Kafka");
        alerts.sinkTo(outputs.alertSnapshots())
                .uid(Uids.SINK_ALERT_REDIS)
                .name("alert snapshots to Redis");

        // Every alert version → its signal → notice actions, repeated on timers. Notices decide
        // on a few fields and never write the document, so it does not travel to them.
        SingleOutputStreamOperator<Action> allowed =
                alerts.map(AlertChange::withoutDocument, TypeInformation.of(AlertChange.class))
                        .uid(Uids.NOTICE_INPUT)
                        .name("alert changes to notices")
                        .keyBy(NoticeFunction::key, Types.STRING)
                        .connect(in.config().broadcast(Strategies.STATE))
                        .process(
                                new NoticeFunction(s.strategies(), s.defaultNotice(), max),
                                TypeInformation.of(Action.class))
                        .uid(Uids.NOTICE)
                        .name("notices")
                        .keyBy(ActionQosFunction::key, Types.STRING)
                        .process(
                                new ActionQosFunction(
                                        s.actionQosLimit(), s.actionQosWindowSeconds()),
                                TypeInformation.of(Action.class))
                        .uid(Uids.ACTION_QOS)
                        .name("action QoS");
        // Notices to the same people: the first ones of a window at once, the rest summed up.
        SingleOutputStreamOperator<Action> actions = GraphSteps.converge(allowed, s);
        actions.union(actions.getSideOutput(NoticeConvergeFunction.CONVERGED))
                .sinkTo(outputs.actionIndex())
                .uid(Uids.SINK_ACTION_ES)
                .name("actions to Elasticsearch");
        actions.sinkTo(outputs.actionTopic()).uid(Uids.SINK_ACTION_KAFKA).name("actions to Kafka");
        alerts.getSideOutput(AlertQosFunction.LOGS)
                .union(
                        allowed.getSideOutput(ActionQosFunction.LOGS),
                        actions.getSideOutput(NoticeConvergeFunction.LOGS))
                .sinkTo(outputs.alertLogIndex())
                .uid(Uids.SINK_FLOW_CONTROL_LOG_ES)
                .name("flow-control logs to Elasticsearch");
        ApmDiscoveryStages.define(in, outputs, s, taps);
        taps.sinkTo(outputs.deadLetters());
    }
}
