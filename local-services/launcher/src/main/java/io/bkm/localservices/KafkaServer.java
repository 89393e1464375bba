package io.bkm.localservices;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A one-node Kafka 4 broker in KRaft mode (broker and controller in one process). */
public final class KafkaServer {
    /** A fixed id is fine: every data directory is formatted for exactly one local cluster. */
    private static final String CLUSTER_ID = "YmttLWFsYXJtLWxvY2FsMQ";

    /** Generous so that the job's transaction timeout always fits under it. */
    public static final long TRANSACTION_MAX_TIMEOUT_MS = 3_600_000L;

    /**
     * The one user of the SASL/PLAIN listener, for tests of the job's Kafka login. A local,
     * throw-away credential: nothing else listens there.
     */
    public static final String SASL_USER = "bkm";

    public static final String SASL_PASSWORD = "bkm-local-sasl";

    private KafkaServer() {}

    /**
     * @param saslPort a second listener, SASL_PLAINTEXT with PLAIN logins ({@link #SASL_USER})
     */
    public static ServiceProcess start(
            Path repoRoot, Path dir, int port, int controllerPort, int saslPort)
            throws IOException {
        Files.createDirectories(dir);
        Path props = dir.resolve("server.properties");
        Path dataDir = dir.resolve("data");
        Files.writeString(props, properties(dataDir, port, controllerPort, saslPort));
        Path log4j = dir.resolve("log4j2.properties");
        Files.writeString(
                log4j,
                String.join(
                        "\n",
                        "rootLogger.level = WARN",
                        "rootLogger.appenderRef.stdout.ref = STDOUT",
                        "appender.stdout.type = Console",
                        "appender.stdout.name = STDOUT",
                        "appender.stdout.layout.type = PatternLayout",
                        "appender.stdout.layout.pattern = [%d] %p %m (%c)%n",
                        "logger.kafka.name = kafka.server.KafkaRaftServer",
                        "logger.kafka.level = INFO",
                        ""));
        String cp = ServerClasspath.of(repoRoot, "kafka", false);
        Path log = dir.resolve("kafka.log");

        if (!Files.exists(dataDir.resolve("meta.properties"))) {
            List<String> format = jvm(cp, log4j, "256m", dir);
            format.addAll(
                    List.of(
                            "kafka.tools.StorageTool",
                            "format",
                            "--cluster-id",
                            CLUSTER_ID,
                            "--config",
                            props.toString(),
                            "--ignore-formatted"));
            runToEnd(format, dir, log);
        }
        List<String> server = jvm(cp, log4j, "768m", dir);
        server.add("kafka.Kafka");
        server.add(props.toString());
        return ServiceProcess.start("kafka", server, dir, log);
    }

    public static void awaitReady(ServiceProcess p, int port) {
        Probes.await(
                "kafka on 127.0.0.1:" + port,
                () -> Probes.tcpOpen(port),
                p,
                Duration.ofSeconds(90));
    }

    private static List<String> jvm(String cp, Path log4j, String heap, Path dir)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ServerClasspath.javaBin());
        cmd.add("-Xmx" + heap);
        cmd.add("-XX:+UseG1GC");
        cmd.add("-Djava.awt.headless=true");
        cmd.add("-Dlog4j2.configurationFile=" + log4j);
        cmd.add(ServerClasspath.tmpDirOption(dir));
        cmd.add("-cp");
        cmd.add(cp);
        return cmd;
    }

    private static void runToEnd(List<String> cmd, Path dir, Path log) throws IOException {
        ServiceProcess p = ServiceProcess.start("kafka-storage-format", cmd, dir, log);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (p.isAlive() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while formatting kafka storage", e);
            }
        }
        if (p.isAlive()) {
            p.stop(Duration.ofSeconds(1));
            throw new IOException("kafka storage format did not finish; see " + log);
        }
        if (!Files.exists(dir.resolve("data/meta.properties"))) {
            throw new IOException("kafka storage format failed; see " + log);
        }
    }

    private static String properties(Path dataDir, int port, int controllerPort, int saslPort) {
        return String.join(
                "\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:"
                        + port
                        + ",SASL_PLAINTEXT://127.0.0.1:"
                        + saslPort
                        + ",CONTROLLER://127.0.0.1:"
                        + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:"
                        + port
                        + ",SASL_PLAINTEXT://127.0.0.1:"
                        + saslPort,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,"
                        + "CONTROLLER:PLAINTEXT",
                "sasl.enabled.mechanisms=PLAIN",
                "listener.name.sasl_plaintext.plain.sasl.jaas.config="
                        + "org.apache.kafka.common.security.plain.PlainLoginModule required user_"
                        + SASL_USER
                        + "=\""
                        + SASL_PASSWORD
                        + "\";",
                "log.dirs=" + dataDir,
                "num.partitions=1",
                "auto.create.topics.enable=true",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=4",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=4",
                "transaction.max.timeout.ms=" + TRANSACTION_MAX_TIMEOUT_MS,
                "group.initial.rebalance.delay.ms=0",
                "log.retention.hours=168",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "");
    }
}
