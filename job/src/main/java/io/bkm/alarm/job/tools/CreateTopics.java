package io.bkm.alarm.job.tools;

import io.bkm.alarm.job.config.JobConfig;
import io.bkm.alarm.job.config.JobSettings;
import io.bkm.alarm.job.io.KafkaInputs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Creates the job's topics that do not exist yet ({@code topics.*}, and the SQL job's outputs),
 * with {@code topics.partitions} partitions. Same arguments as the job: {@code --config FILE --key
 * value}.
 */
public final class CreateTopics {
    private CreateTopics() {}

    public static void main(String[] args) throws Exception {
        JobConfig c = JobConfig.fromArgs(args);
        JobSettings s = JobSettings.from(c);
        List<String> topics = new ArrayList<>(s.topics().all());
        // the SQL job's outputs (sql/), from the same file
        topics.add(c.string("sql.converged-alert-topic"));
        topics.add(c.string("sql.alert-storm-topic"));
        int partitions = s.topics().partitions();
        // the job's own login: its settings, secrets and all
        try (AdminClient admin = AdminClient.create(KafkaInputs.adminProperties(s))) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            for (String t : topics) {
                if (!existing.contains(t)) {
                    missing.add(new NewTopic(t, partitions, (short) 1));
                }
            }
            admin.createTopics(missing).all().get();
            // bkm_config holds the latest value per key: compact it like bk-monitor's config topics
            String config = s.topics().config();
            if (missing.stream().anyMatch(n -> n.name().equals(config))) {
                admin.incrementalAlterConfigs(
                                Map.of(
                                        new org.apache.kafka.common.config.ConfigResource(
                                                org.apache.kafka.common.config.ConfigResource.Type
                                                        .TOPIC,
                                                config),
                                        List.of(
                                                new org.apache.kafka.clients.admin.AlterConfigOp(
                                                        new org.apache.kafka.clients.admin
                                                                .ConfigEntry(
                                                                "cleanup.policy", "compact"),
                                                        org.apache.kafka.clients.admin.AlterConfigOp
                                                                .OpType.SET))))
                        .all()
                        .get();
            }
            for (String t : topics) {
                System.out.printf(
                        "topic %-20s %s%n",
                        t,
                        missing.stream().anyMatch(n -> n.name().equals(t)) ? "created" : "exists");
            }
        }
    }
}
