package io.bkm.alarm.model;

import static org.apache.flink.types.PojoTestUtils.assertSerializedAsPojoWithoutKryo;

import org.junit.jupiter.api.Test;

/**
 * State and stream types must stay Flink POJOs: savepoints and generic-types=false rely on it. The
 * two records that only cross the network at every event (AlertInput, AlertChange) travel field by
 * field instead (model.wire, WireTest).
 */
class PojoSerializationTest {
    @Test
    void everyStreamAndStateTypeIsAPojoWithoutKryo() {
        assertSerializedAsPojoWithoutKryo(Tag.class);
        assertSerializedAsPojoWithoutKryo(Event.class);
        assertSerializedAsPojoWithoutKryo(AnomalyRecord.class);
        assertSerializedAsPojoWithoutKryo(AlertDimension.class);
        assertSerializedAsPojoWithoutKryo(Alert.class);
        assertSerializedAsPojoWithoutKryo(RawMessage.class);
        assertSerializedAsPojoWithoutKryo(DeadLetter.class);
        assertSerializedAsPojoWithoutKryo(GseRecord.class);
        assertSerializedAsPojoWithoutKryo(DataSource.class);
        assertSerializedAsPojoWithoutKryo(CustomEventRecord.class);
        assertSerializedAsPojoWithoutKryo(TimeSeriesPoint.class);
        assertSerializedAsPojoWithoutKryo(AlertOp.class);
        assertSerializedAsPojoWithoutKryo(AlertLog.class);
        assertSerializedAsPojoWithoutKryo(io.bkm.alarm.alert.AlertState.class);
        assertSerializedAsPojoWithoutKryo(io.bkm.alarm.alert.IdWatch.class);
        assertSerializedAsPojoWithoutKryo(DetectSample.class);
        assertSerializedAsPojoWithoutKryo(CustomEventRecovery.class);
        assertSerializedAsPojoWithoutKryo(io.bkm.alarm.detect.WindowAggregate.class);
        assertSerializedAsPojoWithoutKryo(NoDataSeen.class);
        assertSerializedAsPojoWithoutKryo(NoDataSeries.class);
        assertSerializedAsPojoWithoutKryo(Action.class);
        assertSerializedAsPojoWithoutKryo(AlertSummary.class);
        assertSerializedAsPojoWithoutKryo(NoticeState.class);
        assertSerializedAsPojoWithoutKryo(StrategyHosts.class);
    }
}
