package io.bkm.alarm.job.it;

import io.bkm.alarm.model.RawMessage;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;

/**
 * Throws once per run, mid-stream, after a checkpoint has completed, so the job restarts from that
 * checkpoint with part of its output committed and part not. Slows the stream slightly so that
 * checkpoints happen while records flow, and much more while the failure waits for a checkpoint.
 * Records are counted over all its parallel instances and their restarts ({@link SharedCount}), so
 * that a restart the test made elsewhere cannot leave the count short at the end of the input. The
 * budget is static because the function is rebuilt from its serialized form after the restart
 * (MiniCluster: same JVM); what it threw is in {@link InjectedFailures}.
 */
public class InjectedFailure extends RichMapFunction<RawMessage, RawMessage>
        implements CheckpointListener {
    public static final AtomicInteger FAILURES_LEFT = new AtomicInteger();

    private final SharedCount records = new SharedCount();
    private final int afterRecords;
    private final long pauseMicrosPerRecord;
    private transient boolean checkpointDone;

    public InjectedFailure(int afterRecords, long pauseMicrosPerRecord) {
        this.afterRecords = afterRecords;
        this.pauseMicrosPerRecord = pauseMicrosPerRecord;
    }

    /**
     * Per record while the failure is due but no checkpoint has completed yet: a busy machine can
     * take seconds over its first checkpoint, and the input must not end before then.
     */
    private static final long WAITING_PAUSE_MICROS = 50_000;

    @Override
    public RawMessage map(RawMessage value) throws Exception {
        int seen = records.next();
        boolean due = seen >= afterRecords && FAILURES_LEFT.get() > 0;
        long pause =
                due && !checkpointDone
                        ? Math.max(pauseMicrosPerRecord, WAITING_PAUSE_MICROS)
                        : pauseMicrosPerRecord;
        if (pause > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(pause * 1000L);
        }
        if (due && checkpointDone && FAILURES_LEFT.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new RuntimeException(
                    InjectedFailures.thrown(
                            "the operator",
                            getRuntimeContext().getTaskInfo(),
                            "after " + seen + " records"));
        }
        return value;
    }

    /** How many records its instances have seen, all told. */
    public int records() {
        return records.get();
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        checkpointDone = true;
    }
}
