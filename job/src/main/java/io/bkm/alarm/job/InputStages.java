package io.bkm.alarm.job;

import io.bkm.alarm.alert.AlertOpParser;
import io.bkm.alarm.cmdb.CmdbClient;
import io.bkm.alarm.cmdb.EnrichmentOutcomeFunction;
import io.bkm.alarm.cmdb.EventEnrichFunction;
import io.bkm.alarm.cmdb.GseEnrichFunction;
import io.bkm.alarm.common.MessageParser;
import io.bkm.alarm.common.ParseFunction;
import io.bkm.alarm.event.FtaEventParser;
import io.bkm.alarm.gse.GseEventParser;
import io.bkm.alarm.job.config.JobSettings;
import io.bkm.alarm.model.AlertInput;
import io.bkm.alarm.model.CustomEventRecord;
import io.bkm.alarm.model.Event;
import io.bkm.alarm.model.GseRecord;
import io.bkm.alarm.model.RawMessage;
import io.bkm.alarm.model.TimeSeriesPoint;
import io.bkm.alarm.report.DataSources;
import io.bkm.alarm.report.ReportParseFunction;
import io.bkm.alarm.report.ReportParser;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The first two stages of {@link AlarmJob}: every input parsed (what does not parse goes to the
 * dead letters), then third-party events and GSE records enriched from the CMDB.
 */
final class InputStages {
    private final Inputs in;
    private final JobSettings s;
    private final CmdbClient.Factory cmdbClient;
    private final DeadLetterTaps taps;
    private final int max;

    InputStages(Inputs in, JobSettings s, CmdbClient.Factory cmdbClient, DeadLetterTaps taps) {
        this.in = in;
        this.s = s;
        this.cmdbClient = cmdbClient;
        this.taps = taps;
        this.max = s.input().maxMessageBytes();
    }

    /** Every input parsed; what does not parse goes to the dead letters. */
    record Parsed(
            DataStream<Event> ftaEvents,
            DataStream<GseRecord> gseRecords,
            DataStream<CustomEventRecord> customEvents,
            DataStream<TimeSeriesPoint> points,
            DataStream<AlertInput> alertOps,
            DataStream<AlertInput> qosReleases) {}

    Parsed parse() {
        GseEventParser gse = new GseEventParser(s.gse());
        DataStream<GseRecord> gseRecords =
                parse(
                                in.gseSystemEvents(),
                                gse::parseSystemEvent,
                                Uids.PARSE_GSE_SYSTEM_EVENT,
                                "parse GSE system events")
                        .union(
                                parse(
                                        in.gseCustomEvents(),
                                        gse::parseCustomString,
                                        Uids.PARSE_GSE_CUSTOM_EVENT,
                                        "parse GSE custom events"),
                                parse(
                                        in.gseProcessEvents(),
                                        gse::parseProcessEvent,
                                        Uids.PARSE_GSE_PROCESS_EVENT,
                                        "parse GSE process events"));
        // one broadcast per state, so each operator holds only the config it reads
        BroadcastStream<RawMessage> config = in.config().broadcast(DataSources.STATE);
        return new Parsed(
                taps.tap(
                        GraphSteps.parse(
                                in.ftaEvents(),
                                new FtaEventParser(),
                                Event.class,
                                max,
                                Uids.PARSE_FTA_EVENT,
                                "parse third-party events")),
                gseRecords,
                taps.tap(
                        in.customEvents()
                                .connect(config)
                                .process(
                                        new ReportParseFunction<>(
                                                ReportParser::customEvents,
                                                s.input().dataSources(),
                                                max,
                                                true),
                                        TypeInformation.of(CustomEventRecord.class))
                                .uid(Uids.PARSE_CUSTOM_EVENT)
                                .name("parse custom event reports")),
                taps.tap(
                        in.timeSeries()
                                .connect(config)
                                .process(
                                        new ReportParseFunction<>(
                                                ReportParser::timeSeries,
                                                s.input().dataSources(),
                                                max,
                                                false),
                                        TypeInformation.of(TimeSeriesPoint.class))
                                .uid(Uids.PARSE_TIMESERIES)
                                .name("parse time-series reports")),
                parseAlertInput(
                        in.alertOps(),
                        AlertOpParser::parse,
                        Uids.PARSE_ALERT_OPS,
                        "parse alert operations"),
                // Alert QoS comes after the alert state, yet a release must close the alert
                // there: the releases come back through Kafka (see AlertQosFunction).
                parseAlertInput(
                        in.alertQosReleases(),
                        AlertOpParser::parseRelease,
                        Uids.PARSE_ALERT_QOS_RELEASE,
                        "parse alert QoS releases"));
    }

    private SingleOutputStreamOperator<GseRecord> parse(
            DataStream<RawMessage> raw, MessageParser<GseRecord> parser, String uid, String name) {
        return taps.tap(GraphSteps.parse(raw, parser, GseRecord.class, max, uid, name));
    }

    private SingleOutputStreamOperator<AlertInput> parseAlertInput(
            DataStream<RawMessage> raw, MessageParser<AlertInput> parser, String uid, String name) {
        return taps.tap(
                GraphSteps.rare(
                        raw.process(
                                        new ParseFunction<>(parser, max, AlertOpParser::keepSource),
                                        TypeInformation.of(AlertInput.class))
                                .uid(uid)
                                .name(name)));
    }

    /** Third-party events and GSE records with their hosts from the CMDB. */
    record Enriched(DataStream<Event> events, DataStream<GseRecord> gseRecords) {}

    Enriched enrich(Parsed parsed) {
        // Third-party events: enriched in order per partition, fingerprinted after enrichment.
        SingleOutputStreamOperator<Event> events =
                taps.tap(
                        GraphSteps.inOrderFromTheCmdb(
                                        parsed.ftaEvents(),
                                        new EventEnrichFunction(cmdbClient, s.cmdb().lookup()),
                                        s,
                                        Uids.ENRICH_EVENT,
                                        "enrich third-party events from the CMDB")
                                .process(
                                        new EnrichmentOutcomeFunction<>("event"),
                                        TypeInformation.of(Event.class))
                                .uid(Uids.ENRICH_EVENT_OUTCOME)
                                .name("route event enrichment outcome"));
        // Ordered: records of one host must reach the trigger in the order they came.
        SingleOutputStreamOperator<GseRecord> gseRecords =
                taps.tap(
                        GraphSteps.inOrderFromTheCmdb(
                                        parsed.gseRecords(),
                                        new GseEnrichFunction(cmdbClient, s.cmdb().lookup()),
                                        s,
                                        Uids.ENRICH_GSE,
                                        "resolve GSE hosts in the CMDB")
                                .process(
                                        new EnrichmentOutcomeFunction<>("gse"),
                                        TypeInformation.of(GseRecord.class))
                                .uid(Uids.ENRICH_GSE_OUTCOME)
                                .name("route GSE enrichment outcome"));
        return new Enriched(events, gseRecords);
    }
}
