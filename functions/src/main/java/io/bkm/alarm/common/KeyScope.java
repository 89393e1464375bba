package io.bkm.alarm.common;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;

/**
 * Runs an action with the keyed state backend set to a given key, then sets back the key it was at:
 * how a store that holds state on the heap writes a key other than the current one.
 */
@FunctionalInterface
public interface KeyScope {
    void run(String key, Action action) throws Exception;

    @FunctionalInterface
    interface Action {
        void run() throws Exception;
    }

    /** The key scope of a keyed operator. */
    static KeyScope of(AbstractStreamOperator<?> operator) {
        return (key, action) -> {
            Object before = operator.getCurrentKey();
            operator.setCurrentKey(key);
            try {
                action.run();
            } finally {
                if (before != null) {
                    operator.setCurrentKey(before);
                }
            }
        };
    }
}
