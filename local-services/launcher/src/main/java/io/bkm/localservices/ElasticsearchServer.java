package io.bkm.localservices;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Elasticsearch 7.10.2 in its own JVM, through the elasticsearch module's node main. */
public final class ElasticsearchServer {
    private ElasticsearchServer() {}

    public static ServiceProcess start(Path repoRoot, Path dir, int httpPort, int transportPort)
            throws IOException {
        Files.createDirectories(dir);
        String cp = ServerClasspath.of(repoRoot, "elasticsearch", true);
        List<String> cmd =
                List.of(
                        ServerClasspath.javaBin(),
                        "-Xms512m",
                        "-Xmx1g",
                        "-XX:+UseG1GC",
                        "-Djava.awt.headless=true",
                        "-Dlog4j2.formatMsgNoLookups=true",
                        "-Des.enforce.bootstrap.checks=false",
                        ServerClasspath.tmpDirOption(dir),
                        "-cp",
                        cp,
                        "io.bkm.localservices.es.EsNodeMain",
                        dir.resolve("home").toString(),
                        String.valueOf(httpPort),
                        String.valueOf(transportPort));
        return ServiceProcess.start("elasticsearch", cmd, dir, dir.resolve("elasticsearch.log"));
    }

    public static void awaitReady(ServiceProcess p, int httpPort) {
        Probes.await(
                "elasticsearch on 127.0.0.1:" + httpPort,
                () -> Probes.elasticsearchReady(httpPort),
                p,
                Duration.ofSeconds(120));
    }
}
