package io.bkm.alarm.job.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.job.config.JobSettings;
import io.bkm.localservices.LocalServices;
import io.bkm.localservices.TestServices;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The running job as Prometheus sees it: its reporter (conf/flink/config.yaml) scraped while it
 * alerts on a known input, bk-monitor's metrics found with the values of what was sent, and the
 * shipped dashboard and alert rules checked against the metric names scraped (and the rules with
 * promtool).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ObservabilityIT {
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final String OPERATOR = "flink_taskmanager_job_task_operator_";
    private static final Pattern SAMPLE =
            Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern METRIC = Pattern.compile("\\b(flink_[A-Za-z0-9_]+)");

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** Every sample the job's reporter served once the input was through. */
    private List<Sample> scraped;

    record Sample(String name, Map<String, String> labels, double value) {}

    @BeforeAll
    void runTheJobAndScrapeIt() throws Exception {
        LocalServices svc = TestServices.get();
        KafkaTopics kafka = new KafkaTopics(svc.kafkaBootstrap());
        JobSettings s =
                JobRuns.runningSettings(
                        svc, "observability", "--notice.converge-window-seconds", "0");
        JobRuns.whileRunning(
                s,
                () -> {
                    long t0 = System.currentTimeMillis() / 1000;
                    List<KafkaTopics.Message> input = new ArrayList<>();
                    for (int host = 1; host <= 3; host++) {
                        input.add(event(host, "ABNORMAL", t0));
                    }
                    input.add(event(1, "RECOVERED", t0 + 1));
                    input.add(KafkaTopics.Message.of("bad", "{\"event_id\":", t0 * 1000));
                    input.add(KafkaTopics.Message.of("bad", "not json", t0 * 1000));
                    kafka.produce(s.topics().ftaEvent(), input);

                    long deadline = System.nanoTime() + PATIENCE.toNanos();
                    while (kafka.readCommitted(s.topics().action()).size() < 3
                            && System.nanoTime() < deadline) {
                        Thread.sleep(250);
                    }
                    // the recovery's version is written a checkpoint after the notices at most
                    List<Sample> samples = scrape();
                    while (total(
                                            samples,
                                            OPERATOR
                                                    + "strategy_id_bkmonitor_alert_process_latency_count",
                                            Map.of())
                                    < 3
                            && System.nanoTime() < deadline) {
                        Thread.sleep(500);
                        samples = scrape();
                    }
                    scraped = samples;
                });
    }

    private static KafkaTopics.Message event(int host, String status, long time) {
        String json =
                Json.write(
                        Map.of(
                                "event_id",
                                "obs-" + host + "-" + status,
                                "plugin_id",
                                "zabbix",
                                "alert_name",
                                "Disk full",
                                "severity",
                                2,
                                "status",
                                status,
                                "target_type",
                                "HOST",
                                "target",
                                "10.7.7." + host + "|0",
                                "bk_biz_id",
                                2,
                                "time",
                                time));
        return KafkaTopics.Message.of("host-" + host, json, time * 1000);
    }

    @Test
    void bkMonitorsMetricsCountWhatWasSent() {
        Map<String, String> abnormal = Map.of("strategy_id", "0", "signal", "abnormal");
        // three new alerts without strategy: an abnormal signal each; their end tells nobody
        assertThat(
                        total(
                                scraped,
                                OPERATOR
                                        + "strategy_id_signal_bkmonitor_alert_manage_push_data_count",
                                abnormal))
                .isEqualTo(3);
        assertThat(
                        names(scraped).stream()
                                .filter(n -> n.endsWith("bkmonitor_alert_manage_push_data_count"))
                                .flatMap(n -> labelValues(n, "signal").stream()))
                .containsOnly("abnormal");
        assertThat(
                        total(
                                scraped,
                                OPERATOR
                                        + "strategy_id_signal_bkmonitor_action_create_process_count",
                                abnormal))
                .isEqualTo(3);
        assertThat(
                        total(
                                scraped,
                                OPERATOR + "strategy_id_bkmonitor_action_create_process_time_count",
                                Map.of()))
                .isEqualTo(3);
        // three alert documents, one of them written again when it recovered (or once, merged)
        assertThat(
                        total(
                                scraped,
                                OPERATOR + "strategy_id_bkmonitor_alert_process_latency_count",
                                Map.of()))
                .isBetween(3.0, 4.0);
        assertThat(
                        scraped.stream()
                                .filter(
                                        x ->
                                                x.name()
                                                        .equals(
                                                                OPERATOR
                                                                        + "strategy_id_bkmonitor_alert_process_latency"))
                                .filter(x -> "0.99".equals(x.labels().get("quantile")))
                                .filter(x -> !Double.isNaN(x.value()))
                                .map(Sample::value))
                .isNotEmpty()
                .allSatisfy(ms -> assertThat(ms).isBetween(0.0, 60_000.0));
        // strategy ids are the only per-alert label, bounded; never an alert id
        assertThat(
                        labelValues(
                                OPERATOR
                                        + "strategy_id_signal_bkmonitor_alert_manage_push_data_count",
                                "strategy_id"))
                .containsOnly("0");
        assertThat(
                        total(
                                scraped,
                                OPERATOR + "dead_letter_reason_count",
                                Map.of("reason", "malformed_json")))
                .isEqualTo(2);
        assertThat(total(scraped, OPERATOR + "alerts_created", Map.of())).isEqualTo(3);
    }

    @Test
    void everyDashboardQueryNamesAScrapedMetric() throws Exception {
        JsonNode dashboard =
                Json.MAPPER.readTree(Files.readString(repo("conf/grafana/bkm-alarm.json")));
        List<String> exprs = new ArrayList<>();
        dashboard
                .path("panels")
                .forEach(p -> p.path("targets").forEach(t -> exprs.add(t.path("expr").asText())));
        exprs.add(dashboard.path("templating").path("list").get(0).path("query").asText());
        assertThat(exprs).hasSizeGreaterThan(10);
        Set<String> used = metricNames(exprs);
        assertThat(used).isNotEmpty();
        assertThat(names(scraped)).containsAll(used);
    }

    @Test
    void theAlertRulesPassPromtoolAndNameScrapedMetrics() throws Exception {
        Path rules = repo("conf/prometheus/bkm-alarm-rules.yml");
        List<String> exprs =
                Files.readAllLines(rules).stream()
                        .filter(l -> l.trim().startsWith("expr:"))
                        .toList();
        assertThat(exprs).hasSize(5);
        assertThat(names(scraped)).containsAll(metricNames(exprs));
        promtool("check", "rules", rules.toString());
        promtool("test", "rules", repo("conf/prometheus/bkm-alarm-rules.test.yml").toString());
    }

    // ---- helpers ---------------------------------------------------------------------------

    private static Path repo(String path) {
        return TestServices.repoRoot().resolve(path);
    }

    private static Set<String> metricNames(List<String> exprs) {
        Set<String> out = new TreeSet<>();
        for (String e : exprs) {
            Matcher m = METRIC.matcher(e);
            while (m.find()) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    private static void promtool(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("promtool"));
        cmd.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            throw new AssertionError("promtool is missing: scripts/prereqs.sh installs it", e);
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.exitValue()).as(String.join(" ", cmd) + ":\n" + out).isZero();
    }

    private Set<String> names(List<Sample> samples) {
        Set<String> out = new TreeSet<>();
        samples.forEach(x -> out.add(x.name()));
        return out;
    }

    private Set<String> labelValues(String name, String label) {
        Set<String> out = new TreeSet<>();
        scraped.stream()
                .filter(x -> x.name().equals(name))
                .forEach(x -> out.add(x.labels().get(label)));
        return out;
    }

    /** The sum over subtasks of the samples of {@code name} carrying these labels. */
    private static double total(List<Sample> samples, String name, Map<String, String> labels) {
        return samples.stream()
                .filter(x -> x.name().equals(name))
                .filter(x -> x.labels().entrySet().containsAll(labels.entrySet()))
                .mapToDouble(Sample::value)
                .sum();
    }

    /**
     * Every reporter's samples: the job's JobManager and TaskManager share one in a MiniCluster.
     */
    private List<Sample> scrape() throws Exception {
        List<Sample> out = new ArrayList<>();
        for (int port = 9249; port <= 9269; port++) {
            String body;
            try {
                HttpResponse<String> r =
                        http.send(
                                HttpRequest.newBuilder(
                                                URI.create("http://127.0.0.1:" + port + "/metrics"))
                                        .timeout(Duration.ofSeconds(10))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                body = r.statusCode() == 200 ? r.body() : "";
            } catch (java.io.IOException nothingThere) {
                continue;
            }
            for (String line : body.split("\n")) {
                Matcher m = SAMPLE.matcher(line);
                if (line.startsWith("#") || !m.matches()) {
                    continue;
                }
                Map<String, String> labels = new TreeMap<>();
                if (m.group(3) != null) {
                    Matcher l = LABEL.matcher(m.group(3));
                    while (l.find()) {
                        labels.put(l.group(1), l.group(2));
                    }
                }
                out.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(4))));
            }
        }
        return out;
    }
}
