package io.bkm.localservices.es;

import static org.codelibs.elasticsearch.runner.ElasticsearchClusterRunner.newConfigs;

import java.util.concurrent.CountDownLatch;
import org.codelibs.elasticsearch.runner.ElasticsearchClusterRunner;

/**
 * One Elasticsearch 7.10.2 node on loopback, run in its own JVM by the launcher.
 *
 * <p>Arguments: base directory, HTTP port, transport port. Runs until the process is terminated.
 */
public final class EsNodeMain {
    private EsNodeMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: EsNodeMain <base-dir> <http-port> <transport-port>");
            System.exit(2);
        }
        String baseDir = args[0];
        int httpPort = Integer.parseInt(args[1]);
        int transportPort = Integer.parseInt(args[2]);

        ElasticsearchClusterRunner runner = new ElasticsearchClusterRunner();
        // The runner refuses HTTP ports above its default ceiling of 9299 unless told otherwise.
        runner.setMaxHttpPort(httpPort);
        runner.onBuild(
                        (number, settings) -> {
                            settings.put("http.port", String.valueOf(httpPort));
                            settings.put("transport.port", String.valueOf(transportPort));
                            settings.put("network.host", "127.0.0.1");
                            settings.putList("discovery.seed_hosts", "127.0.0.1:" + transportPort);
                            settings.putList("cluster.initial_master_nodes", "Node 1");
                            settings.put("action.auto_create_index", "true");
                            settings.put(
                                    "cluster.routing.allocation.disk.threshold_enabled", "false");
                        })
                .build(
                        newConfigs()
                                .basePath(baseDir)
                                .numOfNode(1)
                                .baseHttpPort(httpPort - 1)
                                .clusterName("bkm-local"));
        runner.ensureYellow();
        System.out.println("ELASTICSEARCH READY http://127.0.0.1:" + httpPort);

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    try {
                                        runner.close();
                                    } catch (Exception e) {
                                        e.printStackTrace();
                                    }
                                    stopped.countDown();
                                }));
        stopped.await();
    }
}
