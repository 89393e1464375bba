package io.bkm.alarm.job.config;

import io.bkm.alarm.apm.DiscoverRule;
import io.bkm.alarm.apm.DiscoverRules;
import io.bkm.alarm.common.InvalidInputException;
import io.bkm.alarm.common.Json;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * APM discovery from trace spans ({@code apm.*}).
 *
 * @param appWaitMs how long a batch of a data id with no application yet is held before it is a
 *     dead letter
 * @param traceHoldSeconds how long the spans of a trace are held for pairing after its first one
 * @param touchIntervalSeconds how often at most an entity seen again is written
 * @param nodeRetentionSeconds how long a topology node is kept after it was last seen
 * @param entityCap the most entities kept per type and application
 * @param outOfOrdernessMs how far behind the newest batch time a batch may still come
 * @param quietMs how long without spans before discovery time follows the clock (so entities expire
 *     although no spans come)
 * @param rules the global discovery rules, after each application's own
 */
public record ApmSettings(
        long appWaitMs,
        long traceHoldSeconds,
        long touchIntervalSeconds,
        long nodeRetentionSeconds,
        int entityCap,
        long outOfOrdernessMs,
        long quietMs,
        List<DiscoverRule> rules)
        implements Serializable {

    static ApmSettings from(JobConfig c) {
        return new ApmSettings(
                c.positiveLong("apm.app-wait-ms"),
                c.positiveLong("apm.trace-hold-seconds"),
                c.nonNegativeInt("apm.touch-interval-seconds"),
                c.positiveLong("apm.node-retention-days") * 86_400L,
                c.positiveInt("apm.entity-cap"),
                c.nonNegativeInt("apm.out-of-orderness-ms"),
                c.positiveLong("apm.quiet-ms"),
                rules(c.path("apm.rules-file")));
    }

    private static List<DiscoverRule> rules(Path file) {
        try {
            return List.copyOf(DiscoverRules.read(Json.MAPPER.readTree(Files.readString(file))));
        } catch (IOException | RuntimeException e) {
            throw new JobConfig.ConfigException(
                    "configuration key 'apm.rules-file': cannot use " + file + ": " + e);
        } catch (InvalidInputException e) {
            throw new JobConfig.ConfigException(
                    "configuration key 'apm.rules-file': " + e.getMessage());
        }
    }
}
