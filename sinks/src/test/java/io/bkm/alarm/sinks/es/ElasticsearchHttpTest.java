package io.bkm.alarm.sinks.es;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ElasticsearchHttpTest {
    private static final byte[] BODY = "{}\n".getBytes(StandardCharsets.UTF_8);

    @Test
    void anAsyncAnswerCompletesOnTheClientsSenderThreads() throws Exception {
        Semaphore answer = new Semaphore(0);
        List<Thread> completing = new ArrayList<>();
        try (RecordingEndpoint<String> es =
                        new RecordingEndpoint<>(
                                ex -> {
                                    // held until the test has chained its step on the answer
                                    answer.acquireUninterruptibly();
                                    return ex.getRequestURI().getPath();
                                });
                ElasticsearchHttp http =
                        new ElasticsearchHttp(List.of(es.url()), Duration.ofSeconds(10))) {
            for (int i = 0; i < 3; i++) {
                CompletableFuture<Thread> on =
                        http.sendBytesAsync("POST", "/_bulk", BODY, "application/x-ndjson")
                                .thenApply(r -> Thread.currentThread());
                answer.release();
                completing.add(on.get(10, TimeUnit.SECONDS));
            }
            assertThat(es.seen()).containsExactly("/_bulk", "/_bulk", "/_bulk");
        }
        // not the JDK client's hand-over to the common pool, or a thread of its own per answer
        assertThat(completing)
                .extracting(Thread::getName)
                .containsOnly(ElasticsearchHttp.SENDER_THREAD);
        for (Thread t : completing) {
            t.join(10_000);
            assertThat(t.isAlive()).as("a sender thread after close").isFalse();
        }
    }

    @Test
    void anAsyncAnswerThatAsksForARetryFailsWithAnIoException() throws Exception {
        for (int status : new int[] {429, 503}) {
            try (RecordingEndpoint<String> es =
                            new RecordingEndpoint<>(status, ex -> ex.getRequestURI().getPath());
                    ElasticsearchHttp http =
                            new ElasticsearchHttp(List.of(es.url()), Duration.ofSeconds(10))) {
                CompletableFuture<?> sent =
                        http.sendBytesAsync("POST", "/_bulk", BODY, "application/x-ndjson");
                // the writer retries a batch whose send failed with an IOException
                assertThatThrownBy(() -> sent.get(10, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .cause()
                        .isInstanceOf(IOException.class)
                        .hasMessageContaining("answered " + status);
            }
        }
    }

    @Test
    void anAsyncSendToNoServerFailsWithAnIoException() throws Exception {
        String url;
        try (RecordingEndpoint<String> gone = new RecordingEndpoint<>(ex -> "")) {
            url = gone.url();
        }
        try (ElasticsearchHttp http = new ElasticsearchHttp(List.of(url), Duration.ofSeconds(10))) {
            CompletableFuture<?> sent =
                    http.sendBytesAsync("POST", "/_bulk", BODY, "application/x-ndjson");
            assertThatThrownBy(() -> sent.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(IOException.class);
        }
    }
}
