package io.bkm.alarm.sinks.kafka;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.kafka.sink.TwoPhaseCommittingStatefulSink;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.util.ExceptionUtils;
import org.apache.kafka.common.errors.TransactionAbortedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A transactional Kafka sink whose writers close cleanly after a stop with savepoint.
 *
 * <p>Why: a stop without drain takes the savepoint, then ends the tasks. Between the two, an
 * operator may still emit (a processing-time timer, an async result), and those records go into the
 * transaction opened after the savepoint. Closing the writer aborts that transaction, so the
 * records the producer had not sent yet fail with {@link TransactionAbortedException}, and the
 * connector's writer throws that from {@code close()}. The task fails, and Flink reports the stop
 * as failed although the savepoint is complete and consistent. Those records belong to no
 * checkpoint: a job resumed from the savepoint emits them again. So that one failure, and only that
 * one, is not a failure here; any other error from the writer still fails the task.
 *
 * <p>State, committables and their serializers are the wrapped sink's: a savepoint taken with or
 * without this wrapper restores into either.
 */
public final class StopSafeKafkaSink<IN, S, C>
        implements Sink<IN>, SupportsWriterState<IN, S>, SupportsCommitter<C> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(StopSafeKafkaSink.class);

    private final TwoPhaseCommittingStatefulSink<IN, S, C> sink;

    private StopSafeKafkaSink(TwoPhaseCommittingStatefulSink<IN, S, C> sink) {
        this.sink = sink;
    }

    public static <IN, S, C> Sink<IN> of(TwoPhaseCommittingStatefulSink<IN, S, C> sink) {
        return new StopSafeKafkaSink<>(sink);
    }

    @Override
    @SuppressWarnings("deprecation") // the abstract method of Sink in this Flink version
    public SinkWriter<IN> createWriter(InitContext context) throws IOException {
        return new Writer<>(sink.createWriter(context));
    }

    @Override
    public SinkWriter<IN> createWriter(WriterInitContext context) throws IOException {
        return new Writer<>(sink.createWriter(context));
    }

    @Override
    public StatefulSinkWriter<IN, S> restoreWriter(
            WriterInitContext context, Collection<S> recoveredState) throws IOException {
        return new Writer<>(sink.restoreWriter(context, recoveredState));
    }

    @Override
    public SimpleVersionedSerializer<S> getWriterStateSerializer() {
        return sink.getWriterStateSerializer();
    }

    @Override
    public Committer<C> createCommitter(CommitterInitContext context) throws IOException {
        return sink.createCommitter(context);
    }

    @Override
    public SimpleVersionedSerializer<C> getCommittableSerializer() {
        return sink.getCommittableSerializer();
    }

    /** True when a writer's failure is only records dropped with the transaction it aborted. */
    static boolean abortedWithTheirTransaction(Throwable failure) {
        return ExceptionUtils.findThrowable(failure, TransactionAbortedException.class).isPresent();
    }

    /** The connector's writer, with the close described on the sink. */
    private static final class Writer<IN, S, C>
            implements StatefulSinkWriter<IN, S>, CommittingSinkWriter<IN, C> {
        private final SinkWriter<IN> writer;

        Writer(SinkWriter<IN> writer) {
            if (!(writer instanceof StatefulSinkWriter<?, ?>)
                    || !(writer instanceof CommittingSinkWriter<?, ?>)) {
                throw new IllegalArgumentException(
                        "not a stateful, committing writer: " + writer.getClass());
            }
            this.writer = writer;
        }

        @Override
        public void write(IN element, Context context) throws IOException, InterruptedException {
            writer.write(element, context);
        }

        @Override
        public void writeWatermark(Watermark watermark) throws IOException, InterruptedException {
            writer.writeWatermark(watermark);
        }

        @Override
        public void flush(boolean endOfInput) throws IOException, InterruptedException {
            writer.flush(endOfInput);
        }

        @Override
        @SuppressWarnings("unchecked")
        public Collection<C> prepareCommit() throws IOException, InterruptedException {
            return ((CommittingSinkWriter<IN, C>) writer).prepareCommit();
        }

        @Override
        @SuppressWarnings("unchecked")
        public List<S> snapshotState(long checkpointId) throws IOException {
            return ((StatefulSinkWriter<IN, S>) writer).snapshotState(checkpointId);
        }

        @Override
        public void close() throws Exception {
            try {
                writer.close();
            } catch (IOException e) {
                if (!abortedWithTheirTransaction(e)) {
                    throw e;
                }
                LOG.info(
                        "Records written after the last checkpoint were dropped with the"
                                + " transaction the closing writer aborted; a restore from that"
                                + " checkpoint writes them again: {}",
                        e.toString());
            }
        }
    }
}
