package io.bkm.alarm.sinks.es;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bkm.alarm.common.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One index template per document family (behaviour spec §8 mappings, {@code dynamic: false}).
 * Created at start-up when missing; a template that exists with other mappings or settings is left
 * as it is and every difference is reported, so nothing changes behind an operator's back.
 */
public final class IndexTemplates {
    private static final Logger LOG = LoggerFactory.getLogger(IndexTemplates.class);

    /** The document families and their template resource. */
    public enum Family {
        EVENT("event"),
        ALERT("alert"),
        LOG_ALERT("log_alert"),
        ACTION("action"),
        APM("apm");

        final String resource;

        Family(String resource) {
            this.resource = resource;
        }
    }

    private IndexTemplates() {}

    /** The template body for indices {@code indexBase_*}, refreshed as Elasticsearch's default. */
    public static ObjectNode template(Family family, String indexBase, int shards, int replicas) {
        return template(family, indexBase, shards, replicas, "");
    }

    /**
     * The template body for indices {@code indexBase_*}.
     *
     * @param refreshInterval how soon a written document can be searched ("5s"); empty: the default
     *     of Elasticsearch
     */
    public static ObjectNode template(
            Family family, String indexBase, int shards, int replicas, String refreshInterval) {
        ObjectNode t = Json.MAPPER.createObjectNode();
        t.putArray("index_patterns").add(indexBase + "_*");
        t.put("order", 100);
        ObjectNode settings = t.putObject("settings");
        settings.put("number_of_shards", shards);
        settings.put("number_of_replicas", replicas);
        if (!refreshInterval.isEmpty()) {
            settings.put("refresh_interval", refreshInterval);
        }
        t.set("mappings", mappings(family));
        return t;
    }

    static ObjectNode mappings(Family family) {
        ObjectNode m = load(family.resource);
        if (family == Family.ALERT) {
            ObjectNode event = (ObjectNode) m.path("properties").path("event");
            event.set("properties", load(Family.EVENT.resource).get("properties"));
        }
        return m;
    }

    private static ObjectNode load(String name) {
        try (InputStream in =
                IndexTemplates.class.getResourceAsStream("/es-templates/" + name + ".json")) {
            return (ObjectNode) Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Creates the template {@code name} if it is missing.
     *
     * @return the differences between an existing template and ours; empty when created or equal
     */
    public static List<String> ensure(ElasticsearchHttp es, String name, ObjectNode wanted)
            throws IOException, InterruptedException {
        HttpResponse<String> got = es.send("GET", "/_template/" + name, null, null);
        if (got.statusCode() == 404) {
            HttpResponse<String> put =
                    es.send("PUT", "/_template/" + name, Json.write(wanted), "application/json");
            if (put.statusCode() >= 300) {
                throw new IOException(
                        "cannot create index template "
                                + name
                                + ": "
                                + ElasticsearchHttp.head(put.body()));
            }
            LOG.info("created index template {}", name);
            return List.of();
        }
        if (got.statusCode() != 200) {
            throw new IOException("cannot read index template " + name + ": " + got.statusCode());
        }
        JsonNode existing = Json.MAPPER.readTree(got.body()).path(name);
        List<String> diffs = new ArrayList<>();
        diff("index_patterns", wanted.get("index_patterns"), existing.get("index_patterns"), diffs);
        diff(
                "settings.number_of_shards",
                wanted.path("settings").get("number_of_shards"),
                existing.path("settings").path("index").get("number_of_shards"),
                diffs);
        diff(
                "settings.number_of_replicas",
                wanted.path("settings").get("number_of_replicas"),
                existing.path("settings").path("index").get("number_of_replicas"),
                diffs);
        diff(
                "settings.refresh_interval",
                wanted.path("settings").get("refresh_interval"),
                existing.path("settings").path("index").get("refresh_interval"),
                diffs);
        diff("mappings", wanted.get("mappings"), existing.get("mappings"), diffs);
        if (!diffs.isEmpty()) {
            LOG.warn(
                    "index template {} exists with different settings; left unchanged. Differences"
                            + " (ours vs. theirs): {}",
                    name,
                    diffs);
        }
        return diffs;
    }

    /**
     * Differences by path; scalars compare as text, since Elasticsearch returns "false" for false.
     */
    static void diff(String path, JsonNode ours, JsonNode theirs, List<String> out) {
        if (ours == null || ours.isMissingNode() || ours.isNull()) {
            if (theirs != null && !theirs.isMissingNode() && !theirs.isNull()) {
                out.add(path + ": (none) vs " + theirs);
            }
            return;
        }
        if (theirs == null || theirs.isMissingNode() || theirs.isNull()) {
            out.add(path + ": " + ours + " vs (none)");
            return;
        }
        if (ours.isObject() && theirs.isObject()) {
            Map<String, JsonNode> all = new TreeMap<>();
            ours.fieldNames().forEachRemaining(f -> all.put(f, ours.get(f)));
            Iterator<String> it = theirs.fieldNames();
            while (it.hasNext()) {
                all.putIfAbsent(it.next(), null);
            }
            for (String f : all.keySet()) {
                diff(path + "." + f, ours.get(f), theirs.get(f), out);
            }
        } else if (ours.isArray() && theirs.isArray()) {
            if (!text((ArrayNode) ours).equals(text((ArrayNode) theirs))) {
                out.add(path + ": " + ours + " vs " + theirs);
            }
        } else if (!ours.asText().equals(theirs.asText())
                || ours.isContainerNode() != theirs.isContainerNode()) {
            out.add(path + ": " + ours + " vs " + theirs);
        }
    }

    private static List<String> text(ArrayNode a) {
        List<String> out = new ArrayList<>();
        a.forEach(n -> out.add(n.asText()));
        return out;
    }
}
