package io.bkm.alarm.sinks.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.streaming.runtime.tasks.TestProcessingTimeService;
import org.apache.flink.util.function.ThrowingRunnable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A writer that waited where it should not would hang: the timeout turns that into a failure. */
@Timeout(30)
class CompactingWriterTest {
    record Write(String key, long version) {}

    /** Batches sent on size or timer wait for the test to answer them. */
    static final class Recording extends CompactingWriter<Write, Write> {
        final Deque<CompletableFuture<Result<Write>>> answers = new ArrayDeque<>();
        final List<List<Write>> asyncBatches = new ArrayList<>();

        /** The lists handed to sendAsync, as handed: the writer must not change them after. */
        final List<List<Write>> handedOver = new ArrayList<>();

        final List<List<Write>> syncBatches = new ArrayList<>();
        int refuseSync;

        /** Answers not yet given are given when the writer waits for them, and counted. */
        boolean answerWhenAwaited;

        int awaited;

        Recording(
                TestProcessingTimeService time,
                Deque<ThrowingRunnable<? extends Exception>> mailbox) {
            super(
                    "test",
                    new BatchSettings(3, 1_000, 1, 1),
                    new TaskServices(time, mailbox::add, new UnregisteredMetricsGroup()));
        }

        @Override
        protected Write toWrite(Write element) {
            return element;
        }

        /** Documents named "once…" are written once: no key. */
        @Override
        protected String documentKey(Write w) {
            return w.key().startsWith("once") ? null : w.key();
        }

        @Override
        protected Write merge(Write buffered, Write incoming) {
            return incoming.version() >= buffered.version() ? incoming : buffered;
        }

        @Override
        protected Result<Write> send(List<Write> writes) throws IOException {
            if (refuseSync > 0) {
                refuseSync--;
                throw new IOException("down");
            }
            syncBatches.add(List.copyOf(writes));
            return Result.done();
        }

        @Override
        protected CompletableFuture<Result<Write>> sendAsync(List<Write> writes) {
            asyncBatches.add(List.copyOf(writes));
            handedOver.add(writes);
            CompletableFuture<Result<Write>> answer =
                    new CompletableFuture<>() {
                        @Override
                        public Result<Write> get() throws InterruptedException, ExecutionException {
                            if (answerWhenAwaited && !isDone()) {
                                awaited++;
                                complete(Result.done());
                            }
                            return super.get();
                        }
                    };
            answers.add(answer);
            return answer;
        }
    }

    private TestProcessingTimeService time;
    private final Deque<ThrowingRunnable<? extends Exception>> mailbox = new ArrayDeque<>();
    private Recording writer;

    @BeforeEach
    void writer() throws Exception {
        time = new TestProcessingTimeService();
        time.setCurrentTime(0);
        writer = new Recording(time, mailbox);
    }

    /** What the task thread does next: the mail queued by answers. */
    private void runMail() throws Exception {
        while (!mailbox.isEmpty()) {
            ThrowingRunnable<? extends Exception> mail = mailbox.poll();
            mail.run();
        }
    }

    private void write(String key, long version) throws Exception {
        writer.write(new Write(key, version), null);
    }

    @Test
    void aCheckpointDoesNotWaitForTheBatchInFlightAndHoldsWhatIsNotWritten() throws Exception {
        write("a", 1);
        write("b", 1);
        time.setCurrentTime(1_000); // the timer sends a and b; no answer yet
        write("c", 1);
        write("a", 2);

        writer.flush(false); // would never return if it waited for the answer

        assertThat(writer.asyncBatches)
                .containsExactly(List.of(new Write("a", 1), new Write("b", 1)));
        assertThat(held(1))
                .containsExactly(
                        new Write("a", 1), new Write("b", 1), new Write("c", 1), new Write("a", 2));
    }

    @Test
    void aCheckpointSendsNothingAndHoldsTheBufferUntilItIsWritten() throws Exception {
        write("a", 1);
        writer.flush(false);
        assertThat(writer.asyncBatches).isEmpty();
        assertThat(held(1)).containsExactly(new Write("a", 1));

        time.setCurrentTime(1_000);
        assertThat(held(2)).containsExactly(new Write("a", 1));
        writer.answers.poll().complete(CompactingWriter.Result.done());
        runMail();
        assertThat(held(3)).isEmpty();
    }

    @Test
    void aBatchDueWhileOneIsInFlightGoesWhenTheAnswerArrives() throws Exception {
        write("a", 1);
        time.setCurrentTime(1_000);
        write("b", 1);
        time.setCurrentTime(2_000); // due, but a is in flight: nothing waits
        assertThat(writer.asyncBatches).hasSize(1);

        writer.answers.poll().complete(CompactingWriter.Result.done());
        runMail();

        assertThat(writer.asyncBatches)
                .containsExactly(List.of(new Write("a", 1)), List.of(new Write("b", 1)));
        assertThat(held(1)).containsExactly(new Write("b", 1));
        writer.answers.poll().complete(CompactingWriter.Result.done());
        runMail();
        assertThat(held(2)).isEmpty();
        assertThat(writer.asyncBatches).hasSize(2);
    }

    @Test
    void writesWaitOnlyWhenTwoBatchesAreBufferedBehindTheOneInFlight() throws Exception {
        writer.answerWhenAwaited = true;
        for (int i = 0; i < 3; i++) {
            write("first" + i, 1);
        }
        assertThat(writer.asyncBatches).hasSize(1);
        for (int i = 0; i < 5; i++) {
            // writes kept as they come fill the buffer as compacted ones do
            write(i % 2 == 0 ? "k" + i : "once-" + i, 1);
        }
        assertThat(writer.awaited).isZero();
        assertThat(writer.asyncBatches).hasSize(1);

        write("k5", 1); // the sixth buffered write waits for the answer in the task thread

        assertThat(writer.awaited).isOne();
        assertThat(writer.asyncBatches).hasSize(2);
        assertThat(writer.asyncBatches.get(1)).hasSize(6);
    }

    @Test
    void aRestoredWriterSendsWhatTheCheckpointHeldKeepingTheNewestVersion() throws Exception {
        writer.restore(List.of(new Write("a", 3), new Write("b", 1), new Write("a", 2)));
        write("a", 1);

        writer.flush(true);

        assertThat(writer.syncBatches)
                .containsExactly(List.of(new Write("a", 3), new Write("b", 1)));
        assertThat(held(1)).isEmpty();
    }

    @Test
    void theEndOfInputWaitsUntilEverythingIsWritten() throws Exception {
        write("a", 1);
        time.setCurrentTime(1_000);
        write("b", 1);
        writer.answers.poll().complete(CompactingWriter.Result.done());
        writer.refuseSync = 2; // the target is down for two tries

        writer.flush(true);

        assertThat(writer.syncBatches).containsExactly(List.of(new Write("b", 1)));
        assertThat(held(1)).isEmpty();
    }

    @Test
    void aFailedBatchIsSentAgainBeforeTheNextOne() throws Exception {
        write("a", 1);
        time.setCurrentTime(1_000);
        writer.answers.poll().completeExceptionally(new IOException("down"));
        assertThat(held(1)).containsExactly(new Write("a", 1));
        write("b", 1);

        time.setCurrentTime(2_000);

        assertThat(writer.syncBatches).containsExactly(List.of(new Write("a", 1)));
        assertThat(writer.asyncBatches)
                .containsExactly(List.of(new Write("a", 1)), List.of(new Write("b", 1)));
        assertThat(held(2)).containsExactly(new Write("b", 1));
    }

    @Test
    void aWriteTheTargetAnswersForRetryStaysPendingUntilWritten() throws Exception {
        write("a", 1);
        write("b", 1);
        time.setCurrentTime(1_000);
        writer.answers
                .poll()
                .complete(new CompactingWriter.Result<>(List.of(new Write("b", 1)), 0));
        assertThat(held(1)).containsExactly(new Write("a", 1), new Write("b", 1));

        runMail();

        assertThat(writer.syncBatches).containsExactly(List.of(new Write("b", 1)));
        assertThat(held(2)).isEmpty();
    }

    @Test
    void writesWithoutAKeyAreKeptAsTheyComeAfterThoseKeptPerDocument() throws Exception {
        write("once-x", 1);
        write("k", 1);
        write("k", 2);
        assertThat(held(1)).containsExactly(new Write("k", 2), new Write("once-x", 1));

        time.setCurrentTime(1_000);
        write("once-z", 1);
        write("once-z", 2);

        assertThat(writer.asyncBatches)
                .containsExactly(List.of(new Write("k", 2), new Write("once-x", 1)));
        assertThat(held(2))
                .containsExactly(
                        new Write("k", 2),
                        new Write("once-x", 1),
                        new Write("once-z", 1),
                        new Write("once-z", 2));
    }

    @Test
    void aBatchOfWritesWithoutAKeyIsNotChangedByTheWritesAfterIt() throws Exception {
        write("once-a", 1);
        write("once-b", 1);
        time.setCurrentTime(1_000);
        write("once-c", 1);
        writer.answers.poll().complete(CompactingWriter.Result.done());
        runMail();
        time.setCurrentTime(2_000);
        write("once-d", 1);

        assertThat(writer.handedOver.get(0))
                .containsExactly(new Write("once-a", 1), new Write("once-b", 1));
        assertThat(writer.handedOver.get(1)).containsExactly(new Write("once-c", 1));
        assertThat(held(1)).containsExactly(new Write("once-c", 1), new Write("once-d", 1));
    }

    /** What a checkpoint holds, as one state element or none. */
    private List<Write> held(long checkpointId) {
        List<List<Write>> state = writer.snapshotState(checkpointId);
        assertThat(state).hasSizeLessThanOrEqualTo(1);
        return state.isEmpty() ? List.of() : state.get(0);
    }
}
