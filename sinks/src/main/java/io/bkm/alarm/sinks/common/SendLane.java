package io.bkm.alarm.sinks.common;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * Sends of several writers that share a limit on how many are in flight at once in this JVM (a task
 * manager). A send over the limit waits in order, without holding a thread, and starts when one in
 * flight is answered.
 *
 * <p>Elasticsearch runs bulks on a write thread pool as large as its cores. History bulks (events
 * and alert logs) from every writer at once fill that pool and its queue, and an alert bulk, which
 * someone is waiting for, queues behind them. Limiting the history keeps a write thread free for
 * alerts and actions; the history's bulks grow while they wait, which costs Elasticsearch less per
 * document.
 */
public final class SendLane {
    private static final ConcurrentMap<String, SendLane> SHARED = new ConcurrentHashMap<>();

    private final int limit;
    private final Queue<Runnable> waiting = new ArrayDeque<>();
    private int inFlight;

    SendLane(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("a lane needs at least one send in flight");
        }
        this.limit = limit;
    }

    /**
     * Which lane a writer sends through, as a sink carries it to its writers.
     *
     * @param name writers that give one name share one lane in a JVM
     * @param limit sends in flight at once
     */
    public record Spec(String name, int limit) implements Serializable {
        /** The lane of this name in this JVM, created on first use. */
        public SendLane shared() {
            return SHARED.computeIfAbsent(name + "/" + limit, k -> new SendLane(limit));
        }
    }

    /**
     * Starts the send now if the lane has room, else once it has.
     *
     * @return completes as the send does
     */
    public <R> CompletableFuture<R> submit(Supplier<CompletableFuture<R>> send) {
        CompletableFuture<R> result = new CompletableFuture<>();
        Runnable start = () -> start(send, result);
        boolean now;
        synchronized (this) {
            now = inFlight < limit;
            if (now) {
                inFlight++;
            } else {
                waiting.add(start);
            }
        }
        if (now) {
            start.run();
        }
        return result;
    }

    /** How many sends are in flight and waiting; for tests. */
    synchronized int[] load() {
        return new int[] {inFlight, waiting.size()};
    }

    private <R> void start(Supplier<CompletableFuture<R>> send, CompletableFuture<R> result) {
        CompletableFuture<R> sent;
        try {
            sent = send.get();
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        sent.whenComplete(
                (r, e) -> {
                    release();
                    if (e != null) {
                        result.completeExceptionally(e);
                    } else {
                        result.complete(r);
                    }
                });
    }

    private void release() {
        Runnable next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                inFlight--;
            }
        }
        if (next != null) {
            next.run();
        }
    }
}
