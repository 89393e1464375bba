package io.bkm.alarm.job;

import io.bkm.alarm.common.ConfigCatchUp;
import io.bkm.alarm.model.RawMessage;
import java.util.function.UnaryOperator;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Every input stream of the job, as raw records, and where the config topic ended at start; {@code
 * io.KafkaInputs} builds the real ones. {@code alertQosReleases} is the job's own output read back
 * (alert QoS releases go back to the alert state before it).
 */
public record Inputs(
        DataStream<RawMessage> ftaEvents,
        DataStream<RawMessage> gseSystemEvents,
        DataStream<RawMessage> gseCustomEvents,
        DataStream<RawMessage> gseProcessEvents,
        DataStream<RawMessage> customEvents,
        DataStream<RawMessage> timeSeries,
        DataStream<RawMessage> config,
        DataStream<RawMessage> alertOps,
        DataStream<RawMessage> alertQosReleases,
        DataStream<RawMessage> apmSpans,
        ConfigCatchUp configCatchUp) {

    /** The same inputs with the GSE system event stream passed through {@code f}. */
    public Inputs mapGseSystemEvents(UnaryOperator<DataStream<RawMessage>> f) {
        return new Inputs(
                ftaEvents,
                f.apply(gseSystemEvents),
                gseCustomEvents,
                gseProcessEvents,
                customEvents,
                timeSeries,
                config,
                alertOps,
                alertQosReleases,
                apmSpans,
                configCatchUp);
    }

    /** The same inputs with the third-party event stream passed through {@code f}. */
    public Inputs mapFtaEvents(UnaryOperator<DataStream<RawMessage>> f) {
        return new Inputs(
                f.apply(ftaEvents),
                gseSystemEvents,
                gseCustomEvents,
                gseProcessEvents,
                customEvents,
                timeSeries,
                config,
                alertOps,
                alertQosReleases,
                apmSpans,
                configCatchUp);
    }
}
