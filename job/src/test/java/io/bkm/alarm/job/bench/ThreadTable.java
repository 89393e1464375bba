package io.bkm.alarm.job.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The job's CPU by thread group over the throughput window, as lines that add up to the process's
 * CPU: every group that costs at least 1 µs per event, the smaller ones together, and the threads
 * that ended within the window (which {@code /proc} no longer lists at its end).
 */
final class ThreadTable {
    private ThreadTable() {}

    /**
     * @param run CPU seconds per thread group over the run, largest first
     * @param half the same over the second half
     * @param jobCpu the process's CPU seconds over the run
     * @param halfJobCpu and over the second half
     */
    static List<String> lines(
            Map<String, Double> run,
            Map<String, Double> half,
            double jobCpu,
            double halfJobCpu,
            double events,
            double halfEvents) {
        double listedAbove = events / 1e6;
        List<String> out = new ArrayList<>();
        out.add("the job's threads (µs per event over the run, then over the second half):");
        double rest = 0;
        int small = 0;
        for (Map.Entry<String, Double> e : run.entrySet()) {
            if (e.getValue() >= listedAbove) {
                out.add(
                        String.format(
                                "  %7.1f s  %5.0f µs  %5.0f µs  %s",
                                e.getValue(),
                                e.getValue() * 1e6 / events,
                                half.getOrDefault(e.getKey(), 0.0) * 1e6 / halfEvents,
                                e.getKey()));
            } else {
                rest += e.getValue();
                small++;
            }
        }
        out.add(
                String.format(
                        "  %7.1f s  %5.0f µs         the other %d thread groups, each under 1 µs",
                        rest, rest * 1e6 / events, small));
        double ended = jobCpu - sum(run);
        out.add(
                String.format(
                        "  %7.1f s  %5.0f µs  %5.0f µs  threads that ended within the window",
                        ended, ended * 1e6 / events, (halfJobCpu - sum(half)) * 1e6 / halfEvents));
        return out;
    }

    private static double sum(Map<String, Double> groups) {
        return groups.values().stream().mapToDouble(Double::doubleValue).sum();
    }
}
