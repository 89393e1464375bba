package io.bkm.alarm.sinks.common;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sink writer for targets where a write is idempotent and guarded by a version: it buffers
 * writes, keeps one per document (the one {@link #merge} chooses), and sends them on size and on a
 * timer. Writes of documents written once (no {@link #documentKey}) are kept as they come.
 *
 * <p>A batch is in flight while the next one fills (one at a time, so two writes of a document
 * never overtake each other): the task thread, often that of the operator the writer is chained to,
 * does not wait for the round trip. Before the next batch goes, the one in flight is awaited.
 *
 * <p>A checkpoint does not wait for Elasticsearch either: the writes not yet known to be written
 * (the batch in flight and the buffer) go into the checkpoint as the writer's state, and a writer
 * restored from it sends them again. Together with the version guards this keeps the at-least-once
 * delivery exact, and the operator the writer is chained to never stops for a flush.
 *
 * <p>When the target is down, the send is retried with backoff in the task thread for as long as it
 * takes: the job slows down (backpressure) instead of failing and restarting in a loop.
 *
 * @param <T> stream element
 * @param <O> one buffered write
 */
public abstract class CompactingWriter<T, O> implements StatefulSinkWriter<T, List<O>> {
    private static final Logger LOG = LoggerFactory.getLogger(CompactingWriter.class);

    /**
     * How many batches the buffer may hold while one is in flight before writes wait. The buffer
     * drains into one bulk, so its depth also bounds that bulk, how long the operator a writer is
     * chained to waits when the buffer is full, and how many writes live long enough for the
     * collector to promote them to the old generation.
     */
    private static final int BUFFERED_BATCHES = 2;

    private final BatchSettings settings;
    private final TaskServices task;

    /** Writes that replace each other, one per document. */
    private final Map<Object, O> keyed = new LinkedHashMap<>();

    /**
     * Writes of documents written once, in arrival order: no hashing per write, and a batch of them
     * is handed over without a copy.
     */
    private ArrayList<O> once = new ArrayList<>();

    private final Counter written;
    private final Counter retries;
    private final Counter rejected;
    private final String target;

    /** The batch in flight and what it holds; null when none is. */
    private CompletableFuture<Result<O>> inFlight;

    private List<O> inFlightWrites;

    /** A size, timer or checkpoint asked for a batch while one was in flight. */
    private boolean due;

    protected CompactingWriter(String target, BatchSettings settings, TaskServices task) {
        this.target = target;
        this.settings = settings;
        this.task = task;
        this.written = task.metrics().counter("documents_written");
        this.retries = task.metrics().counter("write_retries");
        this.rejected = task.metrics().counter("documents_rejected");
        scheduleFlush();
    }

    /** The buffered write for one element. */
    protected abstract O toWrite(T element);

    /**
     * Which document a write is for (equal keys for one document); writes of one document replace
     * each other. Null for a write no other write replaces (a document created once, whose repeat
     * the target ignores): it is kept as it comes.
     */
    protected abstract Object documentKey(O write);

    /** Of two writes for one document, the one to keep. */
    protected abstract O merge(O buffered, O incoming);

    /**
     * Sends writes in one batch.
     *
     * @return the writes to try again (temporarily refused); an IOException retries them all
     */
    protected abstract Result<O> send(List<O> writes) throws IOException, InterruptedException;

    /**
     * Starts sending writes in one batch without waiting for the answer; by default the batch is
     * sent at once ({@link #send}). The future fails with an IOException to retry them all.
     */
    protected CompletableFuture<Result<O>> sendAsync(List<O> writes) {
        try {
            return CompletableFuture.completedFuture(send(writes));
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(e);
        }
    }

    /** What a batch left: writes to retry, and how many were refused for good (logged). */
    public record Result<O>(List<O> retry, int rejected) {
        public static <O> Result<O> done() {
            return new Result<>(List.of(), 0);
        }
    }

    @Override
    public void write(T element, Context context) throws IOException, InterruptedException {
        buffer(toWrite(element));
        int buffered = buffered();
        if (buffered >= settings.maxBatch() * BUFFERED_BATCHES) {
            awaitInFlight();
            startBatch();
        } else if (buffered >= settings.maxBatch()) {
            sendWhenFree();
        }
    }

    private void buffer(O w) {
        Object key = documentKey(w);
        if (key == null) {
            once.add(w);
        } else {
            keyed.merge(key, w, this::merge);
        }
    }

    private int buffered() {
        return keyed.size() + once.size();
    }

    /** Empties the buffer into one list: the writes kept per document, then those written once. */
    private List<O> drain() {
        List<O> out;
        if (keyed.isEmpty()) {
            out = once;
            once = new ArrayList<>(out.size());
        } else {
            out = new ArrayList<>(buffered());
            out.addAll(keyed.values());
            out.addAll(once);
            keyed.clear();
            once.clear();
        }
        return out;
    }

    /** Writes a restored checkpoint held, to be sent with the next batch. */
    public void restore(Collection<O> pending) {
        for (O w : pending) {
            buffer(w);
        }
    }

    /**
     * Before a checkpoint nothing is sent and nothing waits: {@link #snapshotState} keeps what is
     * not written yet, and batches keep going on size and timer, so a checkpoint adds no bulk of
     * its own. At the end of input everything is written before this returns.
     */
    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        if (!endOfInput) {
            return;
        }
        awaitInFlight();
        if (buffered() == 0) {
            return;
        }
        List<O> pending = drain();
        try {
            pending = account(pending, send(pending));
        } catch (IOException e) {
            logUnavailable(pending.size(), 0, e);
        }
        retryUntilWritten(pending);
    }

    /**
     * The writes not known to be written, the batch in flight then the buffer, as one state element
     * (see {@link PendingWritesSerializer}); none when nothing is pending.
     */
    @Override
    public List<List<O>> snapshotState(long checkpointId) {
        int inFlight = inFlightWrites == null ? 0 : inFlightWrites.size();
        if (inFlight + buffered() == 0) {
            return List.of();
        }
        // a copy: the state is serialized after this returns, while writes go on
        List<O> pending = new ArrayList<>(inFlight + buffered());
        if (inFlightWrites != null) {
            pending.addAll(inFlightWrites);
        }
        pending.addAll(keyed.values());
        pending.addAll(once);
        return List.of(pending);
    }

    private void scheduleFlush() {
        task.time()
                .registerTimer(
                        task.time().getCurrentProcessingTime() + settings.flushIntervalMs(),
                        ts -> {
                            sendWhenFree();
                            scheduleFlush();
                        });
    }

    /** Sends the buffer now if no batch is in flight, else once the one in flight is answered. */
    private void sendWhenFree() throws IOException, InterruptedException {
        if (inFlight != null && !inFlight.isDone()) {
            due = true;
            return;
        }
        awaitInFlight();
        startBatch();
    }

    /** Sends the buffer as the batch in flight; the one before it must have been awaited. */
    private void startBatch() {
        due = false;
        if (buffered() == 0) {
            return;
        }
        inFlightWrites = drain();
        CompletableFuture<Result<O>> sent = sendAsync(inFlightWrites);
        inFlight = sent;
        sent.whenComplete((r, e) -> answered(sent));
    }

    /** Called on the thread that received the answer: the rest happens in the task thread. */
    private void answered(CompletableFuture<Result<O>> sent) {
        try {
            task.mailbox()
                    .execute(
                            () -> {
                                if (inFlight == sent) { // not yet awaited
                                    awaitInFlight();
                                    if (due) {
                                        startBatch();
                                    }
                                }
                            });
        } catch (RejectedExecutionException closing) {
            // the task is ending; its checkpoint holds what this batch had
        }
    }

    /** Waits for the batch in flight and retries what it could not write. */
    private void awaitInFlight() throws IOException, InterruptedException {
        if (inFlight == null) {
            return;
        }
        CompletableFuture<Result<O>> sent = inFlight;
        List<O> left = inFlightWrites;
        inFlight = null;
        inFlightWrites = null;
        try {
            left = account(left, sent.get());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof IOException io)) {
                throw new IOException(target + ": " + e.getCause(), e.getCause());
            }
            logUnavailable(left.size(), 0, io);
        }
        retryUntilWritten(left);
    }

    /** Sends what a first try left until it is written, backing off between tries. */
    private void retryUntilWritten(List<O> pending) throws InterruptedException {
        long delay = settings.backoffInitialMs();
        int attempt = 0;
        while (!pending.isEmpty()) {
            retries.inc();
            attempt++;
            Thread.sleep(delay);
            delay = Math.min(delay * 2, settings.backoffMaxMs());
            try {
                pending = account(pending, send(pending));
            } catch (IOException e) {
                logUnavailable(pending.size(), attempt, e);
            }
        }
        if (attempt > 0) {
            LOG.info("{} written after {} retries", target, attempt);
        }
    }

    /** Counts a batch's outcome; the writes left to try again. */
    private List<O> account(List<O> sent, Result<O> r) {
        rejected.inc(r.rejected());
        written.inc(sent.size() - r.retry().size() - r.rejected());
        answered(sent, r);
        return r.retry();
    }

    /**
     * A batch was answered: what it sent less {@code r.retry()} is done with, written or refused
     * for good. In the task thread.
     */
    protected void answered(List<O> sent, Result<O> r) {}

    private void logUnavailable(int waiting, int attempt, IOException e) {
        if (attempt % 10 == 0) {
            LOG.warn(
                    "{} unavailable ({} writes waiting, attempt {}): {}",
                    target,
                    waiting,
                    attempt + 1,
                    e.toString());
        }
    }

    @Override
    public void close() throws Exception {
        if (inFlight != null) {
            inFlight.cancel(false);
        }
    }
}
