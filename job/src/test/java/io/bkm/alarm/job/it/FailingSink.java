package io.bkm.alarm.job.it;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;

/**
 * Wraps a sink and fails once while writing (after {@code failAtRecord} records) and once while
 * flushing for a checkpoint (the {@code failAtFlush}-th flush). Budgets are static because the sink
 * is rebuilt after each restart (MiniCluster: same JVM).
 */
public class FailingSink<T> implements Sink<T> {
    public static final AtomicInteger WRITE_FAILURES_LEFT = new AtomicInteger();
    public static final AtomicInteger FLUSH_FAILURES_LEFT = new AtomicInteger();
    public static final AtomicInteger FAILURES_DONE = new AtomicInteger();

    private final Sink<T> delegate;
    private final int failAtRecord;
    private final int failAtFlush;

    public FailingSink(Sink<T> delegate, int failAtRecord, int failAtFlush) {
        this.delegate = delegate;
        this.failAtRecord = failAtRecord;
        this.failAtFlush = failAtFlush;
    }

    @Override
    @SuppressWarnings("deprecation")
    public SinkWriter<T> createWriter(InitContext context) throws IOException {
        SinkWriter<T> inner = delegate.createWriter(context);
        return new SinkWriter<>() {
            private int records;
            private int flushes;

            @Override
            public void write(T element, Context ctx) throws IOException, InterruptedException {
                if (++records == failAtRecord && take(WRITE_FAILURES_LEFT)) {
                    throw new IOException(
                            "injected failure in a sink after " + records + " records");
                }
                inner.write(element, ctx);
            }

            @Override
            public void flush(boolean endOfInput) throws IOException, InterruptedException {
                if (!endOfInput && ++flushes == failAtFlush && take(FLUSH_FAILURES_LEFT)) {
                    throw new IOException("injected failure during checkpoint " + flushes);
                }
                inner.flush(endOfInput);
            }

            @Override
            public void close() throws Exception {
                inner.close();
            }
        };
    }

    private static boolean take(AtomicInteger budget) {
        boolean taken = budget.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
        if (taken) {
            FAILURES_DONE.incrementAndGet();
        }
        return taken;
    }
}
