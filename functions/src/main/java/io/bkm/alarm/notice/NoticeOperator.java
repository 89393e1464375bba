package io.bkm.alarm.notice;

import io.bkm.alarm.common.HeldValues;
import io.bkm.alarm.common.KeyScope;
import io.bkm.alarm.model.Action;
import io.bkm.alarm.model.AlertChange;
import io.bkm.alarm.model.NoticeState;
import io.bkm.alarm.model.RawMessage;
import io.bkm.alarm.strategy.Strategies;
import java.util.List;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;

/**
 * Runs a {@link NoticeFunction} with what its held notice states need from the operator: other keys
 * are written back under their own key, and every changed state before each checkpoint barrier. Its
 * broadcast side reads only the strategies, never a key's state.
 *
 * <p>Input 1 is the alert changes keyed by alert id, input 2 the config topic broadcast ({@link
 * io.bkm.alarm.common.KeyedWithConfig} connects them). Its state is the function's and the
 * broadcast strategies, under the names they had when the function ran on Flink's own operator.
 */
public final class NoticeOperator
        extends CoBroadcastWithKeyedOperator<String, AlertChange, RawMessage, Action> {
    private static final long serialVersionUID = 1L;

    public NoticeOperator(NoticeFunction function) {
        super(function, List.of(Strategies.STATE));
    }

    HeldValues<NoticeState> store() {
        return ((NoticeFunction) getUserFunction()).store();
    }

    @Override
    public void open() throws Exception {
        super.open();
        store().scope(KeyScope.of(this));
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        store().writeBack();
        super.prepareSnapshotPreBarrier(checkpointId);
    }
}
