package io.bkm.alarm.sinks.common;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A sink whose {@link CompactingWriter} keeps the writes not yet written in the checkpoint, and
 * sends them again when restored from it.
 *
 * @param <T> stream element
 * @param <O> one buffered write, as the checkpoint holds it
 */
public abstract class CompactingSink<T, O> implements Sink<T>, SupportsWriterState<T, List<O>> {

    /** A writer with nothing pending. */
    public abstract CompactingWriter<T, O> newWriter(TaskServices task);

    /** How a checkpoint holds one pending write. */
    protected abstract WriteCodec<O> writeCodec();

    @Override
    public final SimpleVersionedSerializer<List<O>> getWriterStateSerializer() {
        return new PendingWritesSerializer<>(writeCodec());
    }

    @Override
    @SuppressWarnings("deprecation")
    public CompactingWriter<T, O> createWriter(InitContext context) {
        return newWriter(
                new TaskServices(
                        context.getProcessingTimeService(),
                        mailbox(context.getMailboxExecutor()),
                        context.metricGroup()));
    }

    private static TaskServices.Mailbox mailbox(MailboxExecutor executor) {
        return work -> executor.execute(work, "answer of a batch");
    }

    @Override
    @SuppressWarnings("unchecked")
    public StatefulSinkWriter<T, List<O>> restoreWriter(
            WriterInitContext context, Collection<List<O>> pending) throws IOException {
        // Flink's default passes the context on to createWriter(InitContext) above
        CompactingWriter<T, O> writer = (CompactingWriter<T, O>) createWriter(context);
        for (List<O> writes : pending) {
            writer.restore(writes);
        }
        return writer;
    }
}
