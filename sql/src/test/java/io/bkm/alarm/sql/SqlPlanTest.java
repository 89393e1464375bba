package io.bkm.alarm.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.bkm.alarm.job.config.JobConfig;
import io.bkm.alarm.job.config.JobSettings;
import io.bkm.localservices.TestServices;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * The shipped statements with the shipped configuration plan into one job with a writer per output:
 * the planner's refusals show here in seconds rather than in the integration test.
 */
class SqlPlanTest {
    @Test
    void theStatementsPlanIntoAJobWithEveryOutput() throws Exception {
        JobConfig c = JobConfig.load(TestServices.repoRoot().resolve("conf/job.yaml"));
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(new Configuration());
        SqlJob.define(env, JobSettings.from(c), SqlSettings.from(c));
        String plan = env.getExecutionPlan();
        assertThat(plan)
                .contains("converged_alerts[")
                .contains("alert_storms[")
                .contains("daily statistics to Elasticsearch: Writer")
                .contains("dead letters to");
        // every statement and the statistics read the one source of each topic
        assertThat(plan.split("\"type\" : \"Source: kafka: bkm_alert\"", -1)).hasSize(2);
        assertThat(plan.split("\"type\" : \"Source: kafka: bkm_action\"", -1)).hasSize(2);
    }
}
