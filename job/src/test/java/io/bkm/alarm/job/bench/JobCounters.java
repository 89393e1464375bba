package io.bkm.alarm.job.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.bkm.alarm.common.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The job's own counters (alerts created, events expired, documents written, ...), summed over
 * subtasks, from the REST endpoint of the local job's MiniCluster, whose port its log names. The
 * job's counters are snake case or one lower-case word; Flink's and Kafka's own metrics are camel
 * case, dashed or in a Kafka client's group, and are left out.
 */
final class JobCounters {
    private static final Pattern PORT = Pattern.compile("Rest endpoint listening at [^:]+:(\\d+)");
    private static final Pattern OURS = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");

    private JobCounters() {}

    /**
     * Counter → value, keyed {@code vertex name / counter}; empty when the job cannot say. The REST
     * endpoint answers from what it last fetched from the task managers and fetches again only when
     * asked, so a first answer may hold a few counters: it is asked until its answer stops growing.
     */
    static Map<String, Long> read(Path jobLog) throws InterruptedException {
        Map<String, Long> last = readOnce(jobLog);
        for (int i = 0; i < 5; i++) {
            Thread.sleep(3_000);
            Map<String, Long> next = readOnce(jobLog);
            if (next.keySet().equals(last.keySet())) {
                return next;
            }
            last = next;
        }
        return last;
    }

    private static Map<String, Long> readOnce(Path jobLog) {
        Map<String, Long> out = new TreeMap<>();
        try {
            Matcher m = PORT.matcher(Files.readString(jobLog));
            if (!m.find()) {
                return out;
            }
            String base = "http://127.0.0.1:" + m.group(1);
            HttpClient http = HttpClient.newHttpClient();
            for (JsonNode job : get(http, base + "/jobs").path("jobs")) {
                if (!"RUNNING".equals(job.path("status").asText())) {
                    continue;
                }
                String jobUrl = base + "/jobs/" + job.path("id").asText();
                for (JsonNode v : get(http, jobUrl).path("vertices")) {
                    String vUrl = jobUrl + "/vertices/" + v.path("id").asText();
                    List<String> ids = new ArrayList<>();
                    for (JsonNode metric : get(http, vUrl + "/subtasks/metrics")) {
                        String id = metric.path("id").asText();
                        if (ours(id)) {
                            ids.add(id);
                        }
                    }
                    for (int i = 0; i < ids.size(); i += 50) {
                        String get = String.join(",", ids.subList(i, Math.min(ids.size(), i + 50)));
                        for (JsonNode value :
                                get(
                                        http,
                                        vUrl
                                                + "/subtasks/metrics?agg=sum&get="
                                                + URLEncoder.encode(get, StandardCharsets.UTF_8))) {
                            long sum = (long) value.path("sum").asDouble();
                            if (sum != 0) {
                                out.put(
                                        shorten(v.path("name").asText())
                                                + " / "
                                                + value.path("id").asText(),
                                        sum);
                            }
                        }
                    }
                }
            }
        } catch (Exception e) {
            out.put("(counters unavailable: " + e + ")", 0L);
        }
        return out;
    }

    /** Ours: the name in our case, and not in a Kafka client's group (its {@code count}, ...). */
    static boolean ours(String metricId) {
        if (!OURS.matcher(metricId.substring(metricId.lastIndexOf('.') + 1)).matches()) {
            return false;
        }
        for (String group : metricId.split("\\.")) {
            if (group.startsWith("Kafka")) {
                return false;
            }
        }
        return true;
    }

    private static String shorten(String vertex) {
        return vertex.length() > 60 ? vertex.substring(0, 57) + "..." : vertex;
    }

    private static JsonNode get(HttpClient http, String url) throws Exception {
        HttpResponse<String> r =
                http.send(
                        HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofString());
        return Json.MAPPER.readTree(r.body());
    }
}
