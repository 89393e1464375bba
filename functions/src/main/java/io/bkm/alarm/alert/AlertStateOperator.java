package io.bkm.alarm.alert;

import io.bkm.alarm.common.KeyScope;
import io.bkm.alarm.common.KeyedWithConfig;
import io.bkm.alarm.model.AlertChange;
import io.bkm.alarm.model.AlertInput;
import io.bkm.alarm.model.RawMessage;
import io.bkm.alarm.shield.Shields;
import io.bkm.alarm.strategy.Strategies;
import java.util.List;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Runs an {@link AlertStateFunction} with what its {@link AlertStore} needs from the operator: the
 * held states are written back before every checkpoint barrier, other keys are written back under
 * their own key, and the broadcast side, which reads and writes every key's state directly, finds
 * it written and nothing held that it could leave stale.
 *
 * <p>Input 1 is the keyed alert input, input 2 the config topic and shield ticks broadcast. Its
 * state is the function's and the broadcast strategies and shields, under the names they had when
 * the function ran on Flink's own operator.
 */
public final class AlertStateOperator
        extends CoBroadcastWithKeyedOperator<String, AlertInput, RawMessage, AlertChange> {
    private static final long serialVersionUID = 1L;

    public AlertStateOperator(AlertStateFunction function) {
        super(function, List.of(Strategies.STATE, Shields.STATE));
    }

    private AlertStore store() {
        return ((AlertStateFunction) getUserFunction()).store();
    }

    /**
     * The alert lifecycle over keyed alert input and the broadcast config: what {@code
     * connect(broadcast).process(function)} builds, with this operator in it.
     */
    public static SingleOutputStreamOperator<AlertChange> apply(
            KeyedStream<AlertInput, String> input,
            DataStream<RawMessage> config,
            AlertStateFunction function,
            String name) {
        return KeyedWithConfig.transform(
                input, config, new AlertStateOperator(function), AlertChange.class, name);
    }

    @Override
    public void open() throws Exception {
        super.open();
        store().scope(KeyScope.of(this));
    }

    @Override
    public void processElement2(StreamRecord<RawMessage> element) throws Exception {
        store().writeBackAndForget();
        super.processElement2(element);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        store().writeBack();
        super.prepareSnapshotPreBarrier(checkpointId);
    }
}
