package io.bkm.alarm.job.it;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * The job's own counters as tests read them: a metric reporter that keeps every counter of every
 * job a test runs in this JVM, by job, after the job and its MiniCluster are gone, and over every
 * attempt of a job that restarted (each attempt registers its counters anew).
 */
public final class KeptCounters implements MetricReporter {
    private static final Map<String, List<Named>> BY_JOB = new ConcurrentHashMap<>();

    private record Named(String identifier, Counter counter) {}

    /** Reports to this class from the MiniCluster {@code conf} starts. */
    static void addTo(Configuration conf) {
        conf.setString("metrics.reporter.it_counters.factory.class", Factory.class.getName());
    }

    /**
     * The counter {@code name} (its group and name, as {@code convergence.late}) of {@code job},
     * summed over subtasks and attempts; a counter the job never registered is an error, not zero.
     */
    static long sum(JobID job, String name) {
        List<Counter> found =
                BY_JOB.getOrDefault(job.toString(), List.of()).stream()
                        .filter(n -> n.identifier().endsWith("." + name))
                        .map(Named::counter)
                        .toList();
        if (found.isEmpty()) {
            throw new IllegalStateException("job " + job + " has no counter " + name);
        }
        return found.stream().mapToLong(Counter::getCount).sum();
    }

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        String job = group.getAllVariables().get("<job_id>");
        if (job != null && metric instanceof Counter counter) {
            BY_JOB.computeIfAbsent(job, j -> new CopyOnWriteArrayList<>())
                    .add(new Named(group.getMetricIdentifier(name), counter));
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {}

    /**
     * Made by Flink from the class name in the configuration, among the factories this module's
     * test resources list as services.
     */
    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new KeptCounters();
        }
    }
}
