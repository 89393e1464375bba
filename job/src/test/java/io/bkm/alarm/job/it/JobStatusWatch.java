package io.bkm.alarm.job.it;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;

/**
 * A job's status, read ten times a second while a drill runs: whether it ended, and when it
 * restarted (a restart waits at least a second in the shipped strategy, so none is missed).
 */
final class JobStatusWatch implements AutoCloseable {
    private final JobClient job;
    private final Thread reader;
    private final ConcurrentLinkedQueue<Long> restarts = new ConcurrentLinkedQueue<>();
    private volatile boolean ended;
    private volatile boolean running = true;

    JobStatusWatch(JobClient job) {
        this.job = job;
        reader = new Thread(this::read, "job-status-watch");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        JobStatus last = null;
        while (running) {
            try {
                JobStatus now = job.getJobStatus().get(5, TimeUnit.SECONDS);
                if (now == JobStatus.RESTARTING && last != JobStatus.RESTARTING) {
                    restarts.add(System.nanoTime());
                }
                if (now.isGloballyTerminalState()) {
                    ended = true;
                }
                last = now;
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // a MiniCluster busy restarting may not answer at once: ask again
            }
        }
    }

    boolean ended() {
        return ended;
    }

    /** Restarts seen so far. */
    long restarts() {
        return restarts.size();
    }

    /** Restarts that began after {@code nanoTime} ({@link System#nanoTime}). */
    long restartsSince(long nanoTime) {
        return restarts.stream().filter(t -> t - nanoTime > 0).count();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        reader.interrupt();
        reader.join(5_000);
    }
}
