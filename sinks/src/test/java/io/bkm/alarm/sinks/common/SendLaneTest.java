package io.bkm.alarm.sinks.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
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

    @Test
    void writersThatNameOneLaneShareIt() {
        assertThat(new SendLane.Spec("history", 1).shared())
                .isSameAs(new SendLane.Spec("history", 1).shared())
                .isNotSameAs(new SendLane.Spec("other", 1).shared());
        assertThatThrownBy(() -> new SendLane(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
