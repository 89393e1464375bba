package io.bkm.alarm.job.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.bkm.alarm.common.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small HTTP server speaking the two BlueKing CMDB calls the job makes, under both the ESB and
 * the API gateway paths, over an in-memory host list. It checks credentials like the CMDB does (an
 * app the CMDB does not know gets {@code result: false}) and can be told to fail.
 */
final class CmdbApiServer implements AutoCloseable {
    /** One CMDB host with its single module. */
    record Host(long id, String ip, int cloud, String agentId, int biz, int set, int module) {}

    private final HttpServer server;
    private final List<Host> hosts = new CopyOnWriteArrayList<>();
    final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    final List<String> authHeaders = new CopyOnWriteArrayList<>();
    volatile int failWithStatus;

    CmdbApiServer(String appCode, String appSecret) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        for (String path :
                List.of("/cc/list_hosts_without_biz/", "/api/v3/hosts/list_hosts_without_app")) {
            server.createContext(path, ex -> answer(ex, appCode, appSecret, true));
        }
        for (String path : List.of("/cc/find_host_biz_relations/", "/api/v3/hosts/modules/read")) {
            server.createContext(path, ex -> answer(ex, appCode, appSecret, false));
        }
        server.start();
    }

    String esbBaseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/cc";
    }

    String apigwBaseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void add(Host h) {
        hosts.add(h);
    }

    private void answer(HttpExchange ex, String appCode, String appSecret, boolean listHosts)
            throws IOException {
        JsonNode body = Json.MAPPER.readTree(ex.getRequestBody());
        requests.add(body);
        authHeaders.add(String.valueOf(ex.getRequestHeaders().getFirst("X-Bkapi-Authorization")));
        if (failWithStatus != 0) {
            send(ex, failWithStatus, "{\"message\":\"unavailable\"}");
            return;
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        if (!appCode.equals(body.path("bk_app_code").asText())
                || !appSecret.equals(body.path("bk_app_secret").asText())) {
            out.put("result", false).put("code", 1306000).put("message", "app not authorized");
            send(ex, 200, Json.write(out));
            return;
        }
        out.put("result", true).put("code", 0).put("message", "success");
        if (listHosts) {
            ArrayNode info = out.putObject("data").putArray("info");
            hosts.stream()
                    .filter(h -> matches(h, body.path("host_property_filter")))
                    .forEach(
                            h -> {
                                ObjectNode n = info.addObject();
                                n.put("bk_host_id", h.id());
                                n.put("bk_host_innerip", h.ip());
                                n.put("bk_host_innerip_v6", "");
                                n.put("bk_cloud_id", h.cloud());
                                n.put("bk_agent_id", h.agentId());
                                n.put("bk_host_name", "host-" + h.id());
                                n.put("operator", "alice,bob");
                                n.put("bk_bak_operator", "");
                                n.put("bk_state", "运营中[需告警]");
                            });
            ((ObjectNode) out.get("data")).put("count", info.size());
        } else {
            ArrayNode data = out.putArray("data");
            for (JsonNode id : body.path("bk_host_id")) {
                hosts.stream()
                        .filter(h -> h.id() == id.asLong())
                        .forEach(
                                h ->
                                        data.addObject()
                                                .put("bk_host_id", h.id())
                                                .put("bk_biz_id", h.biz())
                                                .put("bk_set_id", h.set())
                                                .put("bk_module_id", h.module())
                                                .put("bk_supplier_account", "0"));
            }
        }
        send(ex, 200, Json.write(out));
    }

    /** AND of {@code equal} rules, the only kind the job sends. */
    private static boolean matches(Host h, JsonNode filter) {
        for (JsonNode rule : filter.path("rules")) {
            String value = rule.path("value").asText();
            boolean ok =
                    switch (rule.path("field").asText()) {
                        case "bk_host_id" -> Long.toString(h.id()).equals(value);
                        case "bk_host_innerip" -> h.ip().equals(value);
                        case "bk_cloud_id" -> Integer.toString(h.cloud()).equals(value);
                        case "bk_agent_id" -> h.agentId().equals(value);
                        default -> false;
                    };
            if (!ok || !"equal".equals(rule.path("operator").asText())) {
                return false;
            }
        }
        return true;
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
