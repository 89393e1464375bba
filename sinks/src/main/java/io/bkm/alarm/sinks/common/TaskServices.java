package io.bkm.alarm.sinks.common;

import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.function.ThrowingRunnable;

/**
 * What a writer takes from the task it runs in.
 *
 * @param time processing-time timers, fired in the task thread
 * @param mailbox runs work in the task thread (for an answer that arrived on another thread); what
 *     the work throws fails the task
 * @param metrics the writer's metric group
 */
public record TaskServices(ProcessingTimeService time, Mailbox mailbox, MetricGroup metrics) {

    /** The task's mailbox, as much of it as a writer uses. */
    @FunctionalInterface
    public interface Mailbox {
        /** Queues the work; refused (RejectedExecutionException) once the task is ending. */
        void execute(ThrowingRunnable<? extends Exception> work);
    }
}
