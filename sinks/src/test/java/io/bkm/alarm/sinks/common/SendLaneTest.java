package io.bkm.alarm.sinks.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bkm.alarm.sinks.es.BulkWrite;
import io.bkm.alarm.sinks.es.ElasticsearchBulkSink;
import io.bkm.alarm.sinks.es.ElasticsearchConnection;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.streaming.runtime.tasks.TestProcessingTimeService;
import org.junit.jupiter.api.Test;

class SendLaneTest {
    private final SendLane lane = new SendLane(2);
    private final List<String> started = new ArrayList<>();
    private final List<CompletableFuture<String>> answers = new ArrayList<>();

    private CompletableFuture<String> submit(String name) {
        return lane.submit(
                () -> {
                    started.add(name);
                    CompletableFuture<String> answer = new CompletableFuture<>();
                    answers.add(answer);
                    return answer;
                });
    }

    @Test
    void sendsOverTheLimitWaitAndStartInTheirOrderAsOthersAreAnswered() throws Exception {
        CompletableFuture<String> a = submit("a");
        submit("b");
        CompletableFuture<String> c = submit("c");
        submit("d");

        assertThat(started).containsExactly("a", "b");
        assertThat(lane.load()).containsExactly(2, 2);

        answers.get(0).complete("A");
        assertThat(a.get()).isEqualTo("A");
        assertThat(started).containsExactly("a", "b", "c");
        assertThat(c).isNotDone();

        answers.get(2).complete("C");
        answers.get(1).complete("B");
        answers.get(3).complete("D");
        assertThat(c.get()).isEqualTo("C");
        assertThat(started).containsExactly("a", "b", "c", "d");
        assertThat(lane.load()).containsExactly(0, 0);
    }

    @Test
    void aFailedSendPassesItsFailureOnAndFreesItsPlace() {
        CompletableFuture<String> a = submit("a");
        submit("b");
        submit("c");

        answers.get(0).completeExceptionally(new IOException("refused"));

        assertThatThrownBy(a::get)
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IOException.class);
        assertThat(started).containsExactly("a", "b", "c");
    }

    @Test
    void aSendThatThrowsBeforeItIsSentFreesItsPlace() {
        CompletableFuture<String> broken =
                lane.submit(
                        () -> {
                            throw new IllegalStateException("no body");
                        });

        assertThat(broken).isCompletedExceptionally();
        assertThat(lane.load()).containsExactly(0, 0);
    }

    /** Nothing listens on the port: what matters is that the bulk waits for the lane first. */
    @Test
    void anElasticsearchWritersBulkWaitsInItsLane() throws Exception {
        SendLane.Spec spec = new SendLane.Spec("bulk-waits-" + System.nanoTime(), 1);
        SendLane shared = spec.shared();
        CompletableFuture<Void> another = new CompletableFuture<>();
        shared.submit(() -> another); // another writer's bulk, not yet answered
        var sink =
                new ElasticsearchBulkSink<String>(
                        "history",
                        ElasticsearchConnection.open(List.of("http://127.0.0.1:1")),
                        new BatchSettings(2, 60_000, 1, 1),
                        id -> new BulkWrite("i", id, new byte[] {'{', '}'}, 0, true),
                        spec);
        TestProcessingTimeService time = new TestProcessingTimeService();
        CompactingWriter<String, BulkWrite> writer =
                sink.newWriter(new TaskServices(time, work -> {}, new UnregisteredMetricsGroup()));

        writer.write("a", null);
        writer.write("b", null); // a full batch: sent at once, but the lane is taken

        assertThat(shared.load()).containsExactly(1, 1);
        assertThat(writer.snapshotState(1)).singleElement().asList().hasSize(2);
        writer.close();
        another.complete(null);
        time.shutdownService();
    }

    @Test
    void writersThatNameOneLaneShareIt() {
        assertThat(new SendLane.Spec("history", 1).shared())
                .isSameAs(new SendLane.Spec("history", 1).shared())
                .isNotSameAs(new SendLane.Spec("other", 1).shared());
        assertThatThrownBy(() -> new SendLane(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
