package io.bkm.alarm.job.config;

import java.util.Map;

/**
 * The job itself ({@code job.*}), and the cluster settings this file may override ({@code
 * job.parallelism}, {@code checkpoint.*}, {@code restart.*}, {@code state.*}, see {@link
 * ClusterOverrides}).
 *
 * @param maxParallelism fixed once: savepoints restore only with the same value
 */
public record JobSection(String name, int maxParallelism, Map<String, String> clusterOverrides) {

    static JobSection from(JobConfig c) {
        return new JobSection(
                c.string("job.name"),
                c.positiveInt("job.max-parallelism"),
                ClusterOverrides.from(c));
    }
}
