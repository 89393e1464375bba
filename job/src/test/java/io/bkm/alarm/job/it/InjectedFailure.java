package io.bkm.alarm.job.it;

import io.bkm.alarm.model.RawMessage;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;

/**
 * Throws once per run, mid-stream, after a checkpoint has completed, so the job restarts from that
 * checkpoint with part of its output committed and part not. Slows the stream slightly so that
 * checkpoints happen while records flow. The failure counter is static because the function is
 * rebuilt from its serialized form after the restart (MiniCluster: same JVM).
 */
public class InjectedFailure extends RichMapFunction<RawMessage, RawMessage>
        implements CheckpointListener {
    public static final AtomicInteger FAILURES_LEFT = new AtomicInteger();
    public static final AtomicInteger FAILURES_DONE = new AtomicInteger();

    private final int afterRecords;
    private final long pauseMicrosPerRecord;
    private transient int seen;
    private transient boolean checkpointDone;

    public InjectedFailure(int afterRecords, long pauseMicrosPerRecord) {
        this.afterRecords = afterRecords;
        this.pauseMicrosPerRecord = pauseMicrosPerRecord;
    }

    @Override
    public RawMessage map(RawMessage value) throws Exception {
        seen++;
        if (pauseMicrosPerRecord > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(pauseMicrosPerRecord * 1000L);
        }
        if (checkpointDone
                && seen >= afterRecords
                && getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0
                && FAILURES_LEFT.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            FAILURES_DONE.incrementAndGet();
            throw new RuntimeException("injected failure after " + seen + " records");
        }
        return value;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        checkpointDone = true;
    }
}
