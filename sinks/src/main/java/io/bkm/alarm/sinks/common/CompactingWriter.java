package io.bkm.alarm.sinks.common;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sink writer for targets where a write is idempotent and guarded by a version: it buffers
 * writes, keeps one per document (the one {@link #merge} chooses), and sends them on size, on a
 * timer, and before every checkpoint.
 *
 * <p>When the target is down, the send is retried with backoff in the task thread for as long as it
 * takes. The job slows down (backpressure) instead of failing and restarting in a loop, and the
 * checkpoint waits until everything before it is written, which is what makes the at-least-once
 * delivery plus version guards exact.
 *
 * @param <T> stream element
 * @param <O> one buffered write
 */
public abstract class CompactingWriter<T, O> implements SinkWriter<T> {
    private static final Logger LOG = LoggerFactory.getLogger(CompactingWriter.class);

    private final BatchSettings settings;
    private final ProcessingTimeService time;
    private final Map<String, O> buffer = new LinkedHashMap<>();
    private final Counter written;
    private final Counter retries;
    private final Counter rejected;
    private final String target;

    protected CompactingWriter(
            String target,
            BatchSettings settings,
            ProcessingTimeService time,
            MetricGroup metrics) {
        this.target = target;
        this.settings = settings;
        this.time = time;
        this.written = metrics.counter("documents_written");
        this.retries = metrics.counter("write_retries");
        this.rejected = metrics.counter("documents_rejected");
        scheduleFlush();
    }

    /** The buffered write for one element. */
    protected abstract O toWrite(T element);

    /** Which document a write is for; writes of one document replace each other. */
    protected abstract String documentKey(O write);

    /** Of two writes for one document, the one to keep. */
    protected abstract O merge(O buffered, O incoming);

    /**
     * Sends writes in one batch.
     *
     * @return the writes to try again (temporarily refused); an IOException retries them all
     */
    protected abstract Result<O> send(List<O> writes) throws IOException, InterruptedException;

    /** What a batch left: writes to retry, and how many were refused for good (logged). */
    public record Result<O>(List<O> retry, int rejected) {
        public static <O> Result<O> done() {
            return new Result<>(List.of(), 0);
        }
    }

    @Override
    public void write(T element, Context context) throws IOException, InterruptedException {
        O w = toWrite(element);
        buffer.merge(documentKey(w), w, this::merge);
        if (buffer.size() >= settings.maxBatch()) {
            flushBuffer();
        }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        flushBuffer();
    }

    private void scheduleFlush() {
        time.registerTimer(
                time.getCurrentProcessingTime() + settings.flushIntervalMs(),
                ts -> {
                    flushBuffer();
                    scheduleFlush();
                });
    }

    private void flushBuffer() throws IOException, InterruptedException {
        if (buffer.isEmpty()) {
            return;
        }
        List<O> pending = new ArrayList<>(buffer.values());
        buffer.clear();
        long delay = settings.backoffInitialMs();
        int attempt = 0;
        while (!pending.isEmpty()) {
            int before = pending.size();
            try {
                Result<O> r = send(pending);
                rejected.inc(r.rejected());
                written.inc(before - r.retry().size() - r.rejected());
                pending = r.retry();
            } catch (IOException e) {
                if (attempt % 10 == 0) {
                    LOG.warn(
                            "{} unavailable ({} writes waiting, attempt {}): {}",
                            target,
                            pending.size(),
                            attempt + 1,
                            e.toString());
                }
            }
            if (!pending.isEmpty()) {
                retries.inc();
                attempt++;
                Thread.sleep(delay);
                delay = Math.min(delay * 2, settings.backoffMaxMs());
            }
        }
        if (attempt > 0) {
            LOG.info("{} written after {} retries", target, attempt);
        }
    }

    @Override
    public void close() throws Exception {}
}
