package io.bkm.alarm.job;

import io.bkm.alarm.alert.AlertQosFunction;
import io.bkm.alarm.alert.AlertStateFunction;
import io.bkm.alarm.alert.AlertStateOperator;
import io.bkm.alarm.bind.CustomEventBindFunction;
import io.bkm.alarm.bind.GseBindFunction;
import io.bkm.alarm.bind.GseBindOperator;
import io.bkm.alarm.bind.TimeSeriesBindFunction;
import io.bkm.alarm.cmdb.CmdbClient;
import io.bkm.alarm.common.KeyedWithConfig;
import io.bkm.alarm.detect.NoDataFunction;
import io.bkm.alarm.detect.NoDataTargetsFunction;
import io.bkm.alarm.detect.WindowDetectFunction;
import io.bkm.alarm.gse.GseDimensions;
import io.bkm.alarm.job.config.JobSettings;
import io.bkm.alarm.job.io.RedisCmdbClient;
import io.bkm.alarm.model.AlertChange;
import io.bkm.alarm.model.AlertInput;
import io.bkm.alarm.model.AnomalyRecord;
import io.bkm.alarm.model.DetectSample;
import io.bkm.alarm.model.Event;
import io.bkm.alarm.model.GseRecord;
import io.bkm.alarm.model.RawMessage;
import io.bkm.alarm.model.StrategyHosts;
import io.bkm.alarm.shield.ShieldScheduleFunction;
import io.bkm.alarm.trigger.TriggerFunction;
import io.bkm.alarm.trigger.TriggerRateLimitFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The job graph, in one place; sources and sinks come in as arguments. {@link #defineWorkflow}
 * reads as the outline of its stages, in graph order. Each stage makes its operators, with their
 * uids and names, and taps their dead letters: detection, trigger and the alert stages here, the
 * inputs' in {@link InputStages}, notices in {@link NoticeStages}, APM discovery in {@link
 * ApmDiscoveryStages}.
 */
public final class AlarmJob {
    private final Inputs in;
    private final Outputs outputs;
    private final JobSettings s;
    private final int max;
    private final CmdbClient.Factory cmdbClient;
    private final DeadLetterTaps taps = new DeadLetterTaps();

    private AlarmJob(Inputs in, Outputs outputs, JobSettings s) {
        this.in = in;
        this.outputs = outputs;
        this.s = s;
        this.max = s.input().maxMessageBytes();
        this.cmdbClient = RedisCmdbClient.factory(s.cmdb().client());
    }

    public static void defineWorkflow(Inputs in, Outputs outputs, JobSettings s) {
        AlarmJob job = new AlarmJob(in, outputs, s);
        InputStages inputs = new InputStages(in, s, job.cmdbClient, job.taps);
        InputStages.Parsed parsed = inputs.parse();
        InputStages.Enriched enriched = inputs.enrich(parsed);
        Detected detected = job.bindAndDetect(parsed);
        DataStream<Event> monitorEvents = job.trigger(enriched.gseRecords(), detected);
        job.writeEvents(enriched.events(), monitorEvents);
        SingleOutputStreamOperator<AlertChange> versions =
                job.alertLifecycle(enriched.events(), monitorEvents, parsed, detected);
        SingleOutputStreamOperator<AlertChange> alerts = job.alertQosAndOutputs(versions);
        NoticeStages.define(alerts, in, outputs, s);
        ApmDiscoveryStages.define(in, outputs, s, job.cmdbClient, job.taps);
        job.taps.sinkTo(outputs.deadLetters());
    }

    /**
     * Custom events and time-series points bound to their strategies, their anomalies per interval
     * and of missing data, and the side outputs the alert state takes recoveries from.
     */
    private record Detected(
            SingleOutputStreamOperator<DetectSample> customSamples,
            DataStream<AnomalyRecord> windowAnomalies,
            SingleOutputStreamOperator<AnomalyRecord> noDataAnomalies) {}

    private Detected bindAndDetect(InputStages.Parsed parsed) {
        SingleOutputStreamOperator<DetectSample> customSamples =
                GraphSteps.bindToStrategies(
                        parsed.customEvents(),
                        in.config(),
                        new CustomEventBindFunction(
                                s.input().strategies(), max, in.configCatchUp()),
                        Uids.BIND_CUSTOM_EVENT,
                        "bind custom events to strategies");
        SingleOutputStreamOperator<DetectSample> pointSamples =
                GraphSteps.bindToStrategies(
                        parsed.points(),
                        in.config(),
                        new TimeSeriesBindFunction(s.input().strategies(), max, in.configCatchUp()),
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
                GraphSteps.rare(
                        GraphSteps.inOrderFromTheCmdb(
                                in.config(),
                                new NoDataTargetsFunction(
                                        cmdbClient, s.cmdb().lookup().keyPrefix()),
                                s,
                                Uids.RESOLVE_NO_DATA_TARGETS,
                                "resolve no-data targets in the CMDB"));
        SingleOutputStreamOperator<AnomalyRecord> noDataAnomalies =
                pointSamples
                        .getSideOutput(TimeSeriesBindFunction.NO_DATA_SEEN)
                        .keyBy(NoDataFunction::key, Types.STRING)
                        .connect(noDataStrategies.keyBy(NoDataFunction::configKey, Types.STRING))
                        .process(
                                new NoDataFunction(s.detect().noDataCheckDelaySeconds()),
                                TypeInformation.of(AnomalyRecord.class))
                        .uid(Uids.DETECT_NO_DATA)
                        .name("detect no data");
        return new Detected(customSamples, windowAnomalies, noDataAnomalies);
    }

    /** GSE records bound to strategies, and every anomaly → trigger → monitor events. */
    private DataStream<Event> trigger(DataStream<GseRecord> gseRecords, Detected detected) {
        SingleOutputStreamOperator<AnomalyRecord> anomalies =
                taps.tap(
                        KeyedWithConfig.transform(
                                        gseRecords.keyBy(GseDimensions::md5, Types.STRING),
                                        in.config(),
                                        new GseBindOperator(
                                                new GseBindFunction(
                                                        s.input().strategies(),
                                                        max,
                                                        in.configCatchUp())),
                                        AnomalyRecord.class,
                                        "bind GSE records to strategies")
                                .uid(Uids.STRATEGY_BIND)
                                .name("bind GSE records to strategies"));
        SingleOutputStreamOperator<Event> monitorEvents =
                anomalies
                        .union(
                                GraphSteps.outOfTheWatermark(
                                        detected.windowAnomalies(),
                                        Uids.DETECT_WINDOWS_UNTIMED,
                                        "window anomalies out of the watermark"),
                                GraphSteps.outOfTheWatermark(
                                        detected.noDataAnomalies(),
                                        Uids.DETECT_NO_DATA_UNTIMED,
                                        "no-data anomalies out of the watermark"))
                        .keyBy(
                                a -> a.strategyId + "|" + a.itemId + "|" + a.md5Dimension,
                                Types.STRING)
                        .process(new TriggerFunction(), TypeInformation.of(Event.class))
                        .uid(Uids.TRIGGER)
                        .name("trigger")
                        .keyBy(TriggerRateLimitFunction::key, Types.STRING)
                        .process(
                                new TriggerRateLimitFunction(s.trigger().rateLimit()),
                                TypeInformation.of(Event.class))
                        .uid(Uids.TRIGGER_RATE_LIMIT)
                        .name("trigger rate limit");
        monitorEvents
                .sinkTo(outputs.monitorEventTopic())
                .uid(Uids.SINK_MONITOR_EVENT_KAFKA)
                .name("monitor events to Kafka");
        return monitorEvents;
    }

    /**
     * Each event is written where it is made (chained, no copy or shuffle before the writer) and
     * goes on to the alert state as it is.
     */
    private void writeEvents(DataStream<Event> events, DataStream<Event> monitorEvents) {
        GraphSteps.writeEvents(events, outputs, Uids.SINK_EVENT_ES, "events to Elasticsearch");
        GraphSteps.writeEvents(
                monitorEvents,
                outputs,
                Uids.SINK_MONITOR_EVENT_ES,
                "monitor events to Elasticsearch");
    }

    /**
     * Events, user operations, QoS releases and recoveries → the alert state, with the config and
     * the shields' ticks broadcast to it; its logs are written where they are made.
     */
    private SingleOutputStreamOperator<AlertChange> alertLifecycle(
            DataStream<Event> events,
            DataStream<Event> monitorEvents,
            InputStages.Parsed parsed,
            Detected detected) {
        // Shields start and end on time: their boundaries come as ticks with the config.
        SingleOutputStreamOperator<RawMessage> shieldConfigs =
                GraphSteps.rare(
                        in.config()
                                .filter(ShieldScheduleFunction::isShield)
                                .uid(Uids.SHIELD_CONFIG)
                                .name("shield configs"));
        SingleOutputStreamOperator<RawMessage> shieldTicks =
                taps.tap(
                        GraphSteps.rare(
                                shieldConfigs
                                        .keyBy(ShieldScheduleFunction::key, Types.LONG)
                                        .process(
                                                new ShieldScheduleFunction(
                                                        s.alert().state().shieldTimeZone(), max),
                                                TypeInformation.of(RawMessage.class))
                                        .uid(Uids.SHIELD_SCHEDULE)
                                        .name("shield schedule")));
        KeyedStream<AlertInput, String> alertInput =
                GraphSteps.toAlertState(
                                events, Uids.ALERT_INPUT_EVENTS, "events to the alert state")
                        .union(
                                GraphSteps.toAlertState(
                                        monitorEvents,
                                        Uids.ALERT_INPUT_MONITOR_EVENTS,
                                        "monitor events to the alert state"),
                                parsed.alertOps(),
                                parsed.qosReleases(),
                                detected.customSamples()
                                        .getSideOutput(CustomEventBindFunction.RECOVERIES)
                                        .union(
                                                detected.noDataAnomalies()
                                                        .getSideOutput(NoDataFunction.RECOVERIES))
                                        .map(AlertInput::of, TypeInformation.of(AlertInput.class))
                                        .uid(Uids.ALERT_INPUT_RECOVERIES)
                                        .name(
                                                "recovery events and returning data to the alert"
                                                        + " state"))
                        .keyBy(AlertStateFunction::key, Types.STRING);
        SingleOutputStreamOperator<AlertChange> versions =
                taps.tap(
                        AlertStateOperator.apply(
                                        alertInput,
                                        in.config().union(shieldTicks),
                                        new AlertStateFunction(
                                                s.input().strategies(), s.alert().state(), max),
                                        "alert lifecycle")
                                .uid(Uids.ALERT_LIFECYCLE));
        versions.getSideOutput(AlertStateFunction.LOGS)
                .sinkTo(outputs.alertLogIndex())
                .uid(Uids.SINK_ALERT_LOG_ES)
                .name("alert logs to Elasticsearch");
        return versions;
    }

    /**
     * Alert QoS (floods of new alerts per strategy, signal and severity are blocked), then each
     * alert version's document, rendered once in the alert state, to its three writers.
     */
    private SingleOutputStreamOperator<AlertChange> alertQosAndOutputs(
            DataStream<AlertChange> versions) {
        SingleOutputStreamOperator<AlertChange> alerts =
                versions.keyBy(AlertQosFunction::key, Types.STRING)
                        .process(
                                new AlertQosFunction(
                                        s.alert().qosThreshold(), s.alert().qosWindowSeconds()),
                                TypeInformation.of(AlertChange.class))
                        .uid(Uids.ALERT_QOS)
                        .name("alert QoS");
        alerts.getSideOutput(AlertQosFunction.RELEASES)
                .sinkTo(outputs.alertQosReleaseTopic())
                .uid(Uids.SINK_ALERT_QOS_RELEASE_KAFKA)
                .name("alert QoS releases to Kafka");
        alerts.sinkTo(outputs.alertIndex()).uid(Uids.SINK_ALERT_ES).name("alerts to Elasticsearch");
        alerts.sinkTo(outputs.alertTopic()).uid(Uids.SINK_ALERT_KAFKA).name("alerts to Kafka");
        alerts.sinkTo(outputs.alertSnapshots())
                .uid(Uids.SINK_ALERT_REDIS)
                .name("alert snapshots to Redis");
        return alerts;
    }
}
