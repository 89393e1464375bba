package io.bkm.alarm.job.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bkm.alarm.job.JobEnvironment;
import io.bkm.alarm.job.config.JobConfig;
import io.bkm.alarm.job.config.JobSettings;
import io.bkm.alarm.job.io.ServiceLogins;
import io.bkm.localservices.KafkaServer;
import io.bkm.localservices.LocalServices;
import io.bkm.localservices.Probes;
import io.bkm.localservices.RedisServer;
import io.bkm.localservices.ServiceProcess;
import io.bkm.localservices.TestServices;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import redis.clients.jedis.Jedis;

/**
 * The job on a Kafka that wants a SASL/PLAIN login (the local broker's second listener) and a Redis
 * that wants an ACL user's password, both read from files named in the configuration: it runs with
 * the right secrets, and with a wrong one start-up stops naming the setting, never the secret. The
 * secrets appear neither in the logs, nor in the Flink configuration, nor in the settings' text.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServiceLoginIT {
    private static final String INPUT = "it_login_fta_event";
    private static final int FINGERPRINTS = 20;
    private static final int EVENTS_PER_FINGERPRINT = 3;
    private static final String REDIS_USER = "it_login";
    private static final String REDIS_PASSWORD = "it-login-redis-pw-4711";
    private static final String WRONG = "not-the-password-0815";

    private LocalServices svc;
    private KafkaTopics kafka;
    private ElasticsearchDocs es;
    private static final String REQUIREPASS = "it-requirepass-pw-2342";

    private Path secrets;
    private ServiceProcess lockedRedis;
    private int lockedRedisPort;

    @BeforeAll
    void produceInputAndAddTheRedisUser() throws Exception {
        svc = TestServices.get();
        kafka = new KafkaTopics(svc.kafkaBootstrap());
        es = new ElasticsearchDocs(svc.elasticsearchUrl());
        kafka.create(INPUT, 2);
        long base = System.currentTimeMillis() / 1000 * 1000;
        List<KafkaTopics.Message> input = new ArrayList<>();
        for (int seq = 0; seq < EVENTS_PER_FINGERPRINT; seq++) {
            input.addAll(WalkingSkeletonIT.round(seq, FINGERPRINTS, base));
        }
        kafka.produce(INPUT, input);
        try (Jedis j = new Jedis("127.0.0.1", svc.redisPort())) {
            j.aclSetUser(REDIS_USER, "reset", "on", ">" + REDIS_PASSWORD, "~*", "&*", "+@all");
        }
        secrets = TestServices.repoRoot().resolve("job/target/it-secrets");
        Files.createDirectories(secrets);
        Files.writeString(secrets.resolve("kafka"), KafkaServer.SASL_PASSWORD + "\n");
        Files.writeString(secrets.resolve("redis"), REDIS_PASSWORD + "\n");
        Files.writeString(secrets.resolve("wrong"), WRONG + "\n");
        Files.writeString(secrets.resolve("requirepass"), REQUIREPASS + "\n");
        lockedRedisPort = Probes.freePort();
        lockedRedis =
                RedisServer.start(
                        TestServices.repoRoot()
                                .resolve("target/test-services/locked-redis-" + lockedRedisPort),
                        lockedRedisPort,
                        List.of("--requirepass", REQUIREPASS));
        Probes.await(
                "redis with requirepass",
                () -> Probes.tcpOpen(lockedRedisPort),
                lockedRedis,
                Duration.ofSeconds(30));
    }

    @AfterAll
    void stopTheLockedRedis() {
        if (lockedRedis != null) {
            lockedRedis.stop(Duration.ofSeconds(10));
        }
    }

    private JobSettings settings(String run, String kafkaSecret, String redisSecret) {
        return settings(run, kafkaSecret, "requirepass", redisSecret);
    }

    private JobSettings settings(
            String run, String kafkaSecret, String snapshotSecret, String cmdbSecret) {
        return JobRuns.settings(
                svc,
                run,
                INPUT,
                "--kafka.bootstrap-servers",
                svc.kafkaSaslBootstrap(),
                "--kafka.security.protocol",
                "SASL_PLAINTEXT",
                "--kafka.security.sasl-mechanism",
                "PLAIN",
                "--kafka.security.sasl-username",
                KafkaServer.SASL_USER,
                "--kafka.security.sasl-password",
                "file:" + secrets.resolve(kafkaSecret),
                "--redis.port",
                Integer.toString(lockedRedisPort),
                "--redis.password",
                "file:" + secrets.resolve(snapshotSecret),
                "--cmdb.redis-username",
                REDIS_USER,
                "--cmdb.redis-password",
                "file:" + secrets.resolve(cmdbSecret));
    }

    @Test
    void withTheRightSecretsTheJobStartsAndWritesEveryOutput() throws Exception {
        JobSettings s = settings("login_ok", "kafka", "redis");
        String logged;
        // everything logged meanwhile, Kafka's client configurations included
        LoggerContext logs = LoggerContext.getContext(false);
        StringWriter captured = new StringWriter();
        WriterAppender capture =
                WriterAppender.newBuilder()
                        .setName("service-login-it")
                        .setTarget(captured)
                        .setLayout(PatternLayout.newBuilder().withPattern("%c %m%n").build())
                        .build();
        capture.start();
        logs.getConfiguration().addAppender(capture);
        logs.getConfiguration().getRootLogger().addAppender(capture, Level.INFO, null);
        Configurator.setLevel("org.apache.kafka", Level.INFO);
        try {
            ServiceLogins.verify(s);
            JobRuns.run(s, in -> in);
        } finally {
            Configurator.setLevel("org.apache.kafka", Level.WARN);
            logs.getConfiguration().getRootLogger().removeAppender("service-login-it");
            logs.updateLoggers();
            logged = captured.toString();
        }
        assertThat(logged)
                .contains("sasl.jaas.config = [hidden]")
                .doesNotContain(KafkaServer.SASL_PASSWORD)
                .doesNotContain(REDIS_PASSWORD)
                .doesNotContain(REQUIREPASS);
        assertThat(es.all(s.elasticsearch().alertIndex() + "_*")).hasSize(FINGERPRINTS);
        assertThat(kafka.readCommitted(s.topics().alert()))
                .hasSize(FINGERPRINTS * EVENTS_PER_FINGERPRINT);
        try (Jedis j = new Jedis("127.0.0.1", lockedRedisPort)) {
            j.auth(REQUIREPASS);
            assertThat(j.keys(s.redis().keyPrefix() + ".snapshot.*")).hasSize(FINGERPRINTS);
        }
    }

    @Test
    void aWrongKafkaPasswordStopsStartUpNamingTheSettingNotTheSecret() {
        JobSettings s = settings("login_bad_kafka", "wrong", "redis");
        assertThatThrownBy(() -> ServiceLogins.verify(s))
                .isInstanceOf(JobConfig.ConfigException.class)
                .hasMessageContaining("kafka.security.sasl-password")
                .message()
                .doesNotContain(WRONG)
                .doesNotContain(KafkaServer.SASL_PASSWORD);
    }

    @Test
    void aWrongRedisPasswordStopsStartUpNamingTheSettingNotTheSecret() {
        JobSettings snapshots = settings("login_bad_redis", "kafka", "wrong", "redis");
        assertThatThrownBy(() -> ServiceLogins.verify(snapshots))
                .isInstanceOf(JobConfig.ConfigException.class)
                .hasMessageContaining("redis.password")
                .message()
                .doesNotContain(WRONG)
                .doesNotContain(REQUIREPASS);
        JobSettings cmdb = settings("login_bad_cmdb", "kafka", "requirepass", "wrong");
        assertThatThrownBy(() -> ServiceLogins.verify(cmdb))
                .isInstanceOf(JobConfig.ConfigException.class)
                .hasMessageContaining("cmdb.redis-password")
                .message()
                .doesNotContain(WRONG)
                .doesNotContain(REDIS_PASSWORD);
    }

    @Test
    void withoutAPasswordARedisThatWantsOneStopsStartUp() {
        JobSettings s =
                JobRuns.settings(svc, "login_no_pw", INPUT, "--redis.port", "" + lockedRedisPort);
        assertThatThrownBy(() -> ServiceLogins.redis(s.redis().connection(), "redis"))
                .isInstanceOf(JobConfig.ConfigException.class)
                .hasMessageContaining("needs a login (set redis.username and redis.password)");
    }

    @Test
    void aSecretWrittenOnTheCommandLineIsRefusedWithoutRepeatingIt() {
        assertThatThrownBy(
                        () ->
                                JobRuns.settings(
                                        svc,
                                        "login_literal",
                                        INPUT,
                                        "--kafka.security.sasl-password",
                                        KafkaServer.SASL_PASSWORD))
                .isInstanceOf(JobConfig.ConfigException.class)
                .hasMessageContaining("kafka.security.sasl-password")
                .hasMessageContaining("env:VARIABLE or file:PATH")
                .message()
                .doesNotContain(KafkaServer.SASL_PASSWORD);
    }

    @Test
    void theSecretsAreNeitherInTheFlinkConfigurationNorInTheSettingsText() {
        JobSettings s = settings("login_hidden", "kafka", "redis");
        StreamExecutionEnvironment env = JobEnvironment.environment(s);
        String shown =
                env.getConfiguration().toMap()
                        + " "
                        + env.getConfig().getGlobalJobParameters().toMap()
                        + " "
                        + s;
        assertThat(shown)
                .contains(REDIS_USER)
                .doesNotContain(REDIS_PASSWORD)
                .doesNotContain(REQUIREPASS)
                .doesNotContain(KafkaServer.SASL_PASSWORD);
        // what the clients are given does carry it
        assertThat(s.kafka().security().clientProperties().get("sasl.jaas.config"))
                .contains(KafkaServer.SASL_PASSWORD);
    }
}
