package io.bkm.localservices;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The three real services on loopback: Kafka, Elasticsearch and Redis. Each server can be stopped
 * and started again on the same port and data, so tests can take one away mid-run.
 */
public final class LocalServices implements AutoCloseable {
    private final Path repoRoot;
    private final Path baseDir;
    private final Ports ports;
    private ServiceProcess kafka;
    private ServiceProcess elasticsearch;
    private ServiceProcess redis;

    /** Ports of one set of services. */
    public record Ports(
            int kafka,
            int kafkaController,
            int kafkaSasl,
            int elasticsearch,
            int esTransport,
            int redis) {
        public static Ports free() {
            return new Ports(
                    Probes.freePort(),
                    Probes.freePort(),
                    Probes.freePort(),
                    Probes.freePort(),
                    Probes.freePort(),
                    Probes.freePort());
        }
    }

    private LocalServices(Path repoRoot, Path baseDir, Ports ports) {
        this.repoRoot = repoRoot;
        this.baseDir = baseDir;
        this.ports = ports;
    }

    /**
     * Starts all three (in parallel; Elasticsearch is the slow one) and waits until they answer.
     */
    public static LocalServices start(Path repoRoot, Path baseDir, Ports ports) throws IOException {
        LocalServices s = new LocalServices(repoRoot, baseDir, ports);
        try {
            s.elasticsearch = s.launchElasticsearch();
            s.kafka = s.launchKafka();
            s.redis = RedisServer.start(baseDir.resolve("redis"), ports.redis());
            RedisServer.awaitReady(s.redis, ports.redis());
            KafkaServer.awaitReady(s.kafka, ports.kafka());
            ElasticsearchServer.awaitReady(s.elasticsearch, ports.elasticsearch());
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    public Ports ports() {
        return ports;
    }

    public String kafkaBootstrap() {
        return "127.0.0.1:" + ports.kafka();
    }

    /** The broker's SASL_PLAINTEXT listener (PLAIN, {@link KafkaServer#SASL_USER}). */
    public String kafkaSaslBootstrap() {
        return "127.0.0.1:" + ports.kafkaSasl();
    }

    public String elasticsearchUrl() {
        return "http://127.0.0.1:" + ports.elasticsearch();
    }

    public int redisPort() {
        return ports.redis();
    }

    /** The servers' process ids by name, for measuring what each costs. */
    public java.util.Map<String, Long> pids() {
        return java.util.Map.of(
                "kafka", kafka.pid(), "elasticsearch", elasticsearch.pid(), "redis", redis.pid());
    }

    public void stopRedis() {
        redis.stop(Duration.ofSeconds(10));
    }

    public void startRedis() throws IOException {
        redis = RedisServer.start(baseDir.resolve("redis"), ports.redis());
        RedisServer.awaitReady(redis, ports.redis());
    }

    /** Freezes Redis (SIGSTOP): connections hang, as with a dead or overloaded server. */
    public void pauseRedis() throws IOException, InterruptedException {
        signal("-STOP", redis.pid());
    }

    public void resumeRedis() throws IOException, InterruptedException {
        signal("-CONT", redis.pid());
    }

    private static void signal(String signal, long pid) throws IOException, InterruptedException {
        int rc =
                new ProcessBuilder("kill", signal, Long.toString(pid))
                        .inheritIO()
                        .start()
                        .waitFor();
        if (rc != 0) {
            throw new IOException("kill " + signal + " " + pid + " exited with " + rc);
        }
    }

    /** Kills the broker (SIGKILL), as a crashed machine would: no clean shutdown of its logs. */
    public void killKafka() throws IOException, InterruptedException {
        signal("-KILL", kafka.pid());
        kafka.stop(Duration.ofSeconds(10));
    }

    /** Starts the broker again on the log directory it left. */
    public void startKafka() throws IOException {
        kafka = launchKafka();
        KafkaServer.awaitReady(kafka, ports.kafka());
    }

    private ServiceProcess launchKafka() throws IOException {
        return KafkaServer.start(
                repoRoot,
                baseDir.resolve("kafka"),
                ports.kafka(),
                ports.kafkaController(),
                ports.kafkaSasl());
    }

    public void stopElasticsearch() {
        elasticsearch.stop(Duration.ofSeconds(30));
    }

    public void startElasticsearch() throws IOException {
        elasticsearch = launchElasticsearch();
        ElasticsearchServer.awaitReady(elasticsearch, ports.elasticsearch());
    }

    private ServiceProcess launchElasticsearch() throws IOException {
        return ElasticsearchServer.start(
                repoRoot,
                baseDir.resolve("elasticsearch"),
                ports.elasticsearch(),
                ports.esTransport());
    }

    @Override
    public void close() {
        for (ServiceProcess p : new ServiceProcess[] {kafka, elasticsearch, redis}) {
            if (p != null) {
                p.stop(Duration.ofSeconds(20));
            }
        }
    }
}
