package io.bkm.alarm.job.it;

import java.io.IOException;
import java.io.Serializable;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Wraps a sink whose writer keeps pending writes in the checkpoint, and fails once while writing
 * (at the {@code failAtRecord}-th record, or at the first record {@link #around} picks) and once
 * while flushing for a checkpoint (the first flush once {@code failInFlushAfterRecords} records
 * were written, or the first after a record it picks). Records are counted over all the sink's
 * writers ({@link SharedCount}), so a restart late in the input cannot leave a failure no records
 * to come at. A flush is picked by the records before it, not by a count of flushes: checkpoints
 * come by the clock, and a writer flushes only for those that reach it before its input ends, as
 * few as a dozen in a run on a busy machine. The writer's state passes through, so what the
 * checkpoint holds is restored as it would be without the wrapper. Budgets are static because the
 * sink is rebuilt after each restart (MiniCluster: same JVM).
 */
public class FailingSink<T, S> implements Sink<T>, SupportsWriterState<T, S> {
    public static final AtomicInteger WRITE_FAILURES_LEFT = new AtomicInteger();
    public static final AtomicInteger FLUSH_FAILURES_LEFT = new AtomicInteger();

    /**
     * Armed by a test only through {@link #failFlushesWhile}, which also clears the attempt of the
     * last failure (a new job's attempts count from 0 again), to fail checkpoint flushes of any
     * writer, as the flush budget allows, when the test's condition holds at the flush (other
     * writers' output is pending): the test picks the moment, not a record. Asked in the flush,
     * while the checkpoint cannot complete, so output the other writers hold for it cannot be
     * committed under the condition's eyes. It stays armed until the budget is spent, and fails at
     * most one flush in each run of the job between restarts: the writer's parallel subtasks flush
     * for the same checkpoint and may all find it holding at once, and a restart's replay brings
     * back the very output whose transaction the failure aborted, so the next failure needs no
     * timing of the test.
     */
    private static final AtomicReference<Condition> FAIL_FLUSH_WHEN = new AtomicReference<>();

    /** The latest task attempt in which {@link #FAIL_FLUSH_WHEN} failed a flush. */
    private static final AtomicInteger ATTEMPT_FAILED_BY_CONDITION = new AtomicInteger(-1);

    /** Arms {@link #FAIL_FLUSH_WHEN} for a new job, whose task attempts count from 0. */
    public static void failFlushesWhile(Condition condition) {
        ATTEMPT_FAILED_BY_CONDITION.set(-1);
        FAIL_FLUSH_WHEN.set(condition);
    }

    /** A test's condition for {@link #FAIL_FLUSH_WHEN}. */
    public interface Condition {
        boolean holds() throws InterruptedException;
    }

    /** Picks the records around which a failure is injected; serializable, as sinks are. */
    public interface Pick<T> extends Predicate<T>, Serializable {}

    private final SharedCount records = new SharedCount();
    private final SharedCount flushes = new SharedCount();

    private final String label;
    private final Sink<T> sink;
    private final SupportsWriterState<T, S> stateful;
    private final int failAtRecord;
    private final int failInFlushAfterRecords;
    private final Pick<T> failInWriteOf;
    private final Pick<T> failInFlushAfter;

    /** {@code label} names the sink in {@link InjectedFailures}. */
    public FailingSink(
            String label, Sink<T> delegate, int failAtRecord, int failInFlushAfterRecords) {
        this(label, delegate, failAtRecord, failInFlushAfterRecords, t -> false, t -> false);
    }

    @SuppressWarnings("unchecked")
    private FailingSink(
            String label,
            Sink<T> delegate,
            int failAtRecord,
            int failInFlushAfterRecords,
            Pick<T> failInWriteOf,
            Pick<T> failInFlushAfter) {
        this.label = label;
        this.sink = delegate;
        this.stateful = (SupportsWriterState<T, S>) delegate;
        this.failAtRecord = failAtRecord;
        this.failInFlushAfterRecords = failInFlushAfterRecords;
        this.failInWriteOf = failInWriteOf;
        this.failInFlushAfter = failInFlushAfter;
    }

    /**
     * Fails in the write of the first record {@code failInWriteOf} picks, before it is written, and
     * in the first checkpoint flush after a record {@code failInFlushAfter} picks was written: with
     * records a timer made, the failures fall just before the timer's output is written, and just
     * after it was written but before the checkpoint that would keep it.
     */
    public static <T, S> FailingSink<T, S> around(
            String label, Sink<T> delegate, Pick<T> failInWriteOf, Pick<T> failInFlushAfter) {
        return new FailingSink<>(
                label, delegate, 0, Integer.MAX_VALUE, failInWriteOf, failInFlushAfter);
    }

    /** How many records and checkpoint flushes the sink's writers have seen, all told. */
    public String counts() {
        return label + " records " + records.get() + ", checkpoint flushes " + flushes.get();
    }

    @Override
    @SuppressWarnings("deprecation")
    public SinkWriter<T> createWriter(InitContext context) throws IOException {
        return new Failing(
                (StatefulSinkWriter<T, S>) sink.createWriter(context), context.getTaskInfo());
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        return new Failing(
                (StatefulSinkWriter<T, S>) sink.createWriter(context), context.getTaskInfo());
    }

    @Override
    public StatefulSinkWriter<T, S> restoreWriter(WriterInitContext context, Collection<S> state)
            throws IOException {
        return new Failing(stateful.restoreWriter(context, state), context.getTaskInfo());
    }

    @Override
    public SimpleVersionedSerializer<S> getWriterStateSerializer() {
        return stateful.getWriterStateSerializer();
    }

    private final class Failing implements StatefulSinkWriter<T, S> {
        private final StatefulSinkWriter<T, S> inner;
        private final TaskInfo task;
        private boolean picked;

        Failing(StatefulSinkWriter<T, S> inner, TaskInfo task) {
            this.inner = inner;
            this.task = task;
        }

        @Override
        public void write(T element, Context ctx) throws IOException, InterruptedException {
            int record = records.next();
            if ((record == failAtRecord || failInWriteOf.test(element))
                    && take(WRITE_FAILURES_LEFT)) {
                throw new IOException(InjectedFailures.thrown(label, task, "at record " + record));
            }
            inner.write(element, ctx);
            picked |= failInFlushAfter.test(element);
        }

        @Override
        public void flush(boolean endOfInput) throws IOException, InterruptedException {
            if (endOfInput) {
                inner.flush(true);
                return;
            }
            int flush = flushes.next();
            if ((records.get() >= failInFlushAfterRecords || picked || conditionHolds())
                    && take(FLUSH_FAILURES_LEFT)) {
                throw new IOException(
                        InjectedFailures.thrown(label, task, "in checkpoint flush " + flush));
            }
            inner.flush(false);
        }

        /** Claims this run of the job for the armed condition when it holds. */
        private boolean conditionHolds() throws InterruptedException {
            Condition condition = FAIL_FLUSH_WHEN.get();
            return condition != null
                    && FLUSH_FAILURES_LEFT.get() > 0
                    && ATTEMPT_FAILED_BY_CONDITION.get() < task.getAttemptNumber()
                    && condition.holds()
                    && ATTEMPT_FAILED_BY_CONDITION.getAndAccumulate(
                                    task.getAttemptNumber(), Math::max)
                            < task.getAttemptNumber();
        }

        @Override
        public List<S> snapshotState(long checkpointId) throws IOException {
            return inner.snapshotState(checkpointId);
        }

        @Override
        public void close() throws Exception {
            inner.close();
        }
    }

    private static boolean take(AtomicInteger budget) {
        return budget.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    }
}
