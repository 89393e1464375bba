package io.bkm.alarm.detect;

import io.bkm.alarm.bind.BindHarness;
import io.bkm.alarm.bind.ItemBindFunction;
import io.bkm.alarm.model.AnomalyRecord;
import io.bkm.alarm.model.DetectSample;
import io.bkm.alarm.model.RawMessage;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;

/**
 * A bind operator feeding the window detection as the job wires them: records go through the real
 * binding, so the detection sees the samples the job sends.
 */
final class DetectPipeline<IN> implements AutoCloseable {
    final BroadcastOperatorTestHarness<IN, RawMessage, DetectSample> bind;
    final KeyedOneInputStreamOperatorTestHarness<String, DetectSample, AnomalyRecord> detect;

    DetectPipeline(ItemBindFunction<IN> binding, RawMessage strategy) throws Exception {
        bind = BindHarness.of(binding);
        bind.processBroadcastElement(strategy, 0);
        detect =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        new WindowDetectFunction(), WindowDetectFunction::key, Types.STRING);
    }

    void send(IN record) throws Exception {
        bind.getOutput().clear();
        bind.processElement(record, 0);
        for (DetectSample s : bind.extractOutputValues()) {
            detect.processElement(s, s.timeMs);
        }
    }

    /** The anomalies of the windows a watermark at {@code ms} closes. */
    List<AnomalyRecord> watermark(long ms) throws Exception {
        detect.getOutput().clear();
        detect.processWatermark(ms);
        return new ArrayList<>(detect.extractOutputValues());
    }

    @Override
    public void close() throws Exception {
        bind.close();
        detect.close();
    }
}
