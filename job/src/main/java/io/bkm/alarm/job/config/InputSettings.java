package io.bkm.alarm.job.config;

import io.bkm.alarm.model.DataSource;
import io.bkm.alarm.report.DataSources;
import io.bkm.alarm.strategy.Strategies;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the job reads besides its topics ({@code input.*}): the data sources and strategies it
 * starts with, and the size past which a message is a dead letter.
 *
 * @param strategies the strategies' JSON by id, from {@code input.strategies-dir}
 * @param configWaitMs how long the sources wait at start for the config topic to be read
 */
public record InputSettings(
        int maxMessageBytes,
        List<DataSource> dataSources,
        Map<Long, String> strategies,
        long configWaitMs) {

    static InputSettings from(JobConfig c) {
        return new InputSettings(
                c.positiveInt("input.max-message-bytes"),
                dataSources(c),
                strategies(c),
                c.positiveLong("input.config-wait-ms"));
    }

    private static Map<Long, String> strategies(JobConfig c) {
        Path dir = c.path("input.strategies-dir");
        try {
            return Strategies.load(dir);
        } catch (IOException e) {
            throw new JobConfig.ConfigException(
                    "configuration key 'input.strategies-dir': " + e.getMessage());
        }
    }

    private static List<DataSource> dataSources(JobConfig c) {
        Path file = c.path("input.datasources-file");
        try {
            return DataSources.load(file);
        } catch (IOException e) {
            throw new JobConfig.ConfigException(
                    "configuration key 'input.datasources-file': cannot use "
                            + file.toAbsolutePath()
                            + ": "
                            + e.getMessage());
        }
    }
}
