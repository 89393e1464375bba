package io.bkm.alarm.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.model.Alert;
import io.bkm.alarm.model.AlertChange;
import io.bkm.alarm.model.Event;
import io.bkm.alarm.model.Tag;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Alerts read back from the documents the alert operator renders, for tests that look at their
 * fields: the raw {@code extra_info} objects come back as text and tag values as written, and what
 * the document leaves out (created, recovering) comes from the change.
 */
public final class AlertDocuments {
    private AlertDocuments() {}

    public static Alert read(AlertChange c) {
        try {
            ObjectNode doc = (ObjectNode) Json.MAPPER.readTree(c.document);
            String extra = rawOf(doc);
            JsonNode eventDoc = doc.remove("event");
            Alert a = Json.MAPPER.treeToValue(doc, Alert.class);
            a.extraInfo = extra;
            if (eventDoc instanceof ObjectNode e) {
                String eventExtra = rawOf(e);
                JsonNode tags = e.remove("tags");
                a.event = Json.MAPPER.treeToValue(e, Event.class);
                a.event.extraInfo = eventExtra;
                a.event.tags = tags == null ? null : tags(tags);
            }
            a.created = c.created;
            a.recovering = c.recovering;
            return a;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String rawOf(ObjectNode o) {
        JsonNode extra = o.remove("extra_info");
        return extra == null || extra.isNull() ? null : Json.write(extra);
    }

    private static Tag[] tags(JsonNode tags) {
        Tag[] out = new Tag[tags.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode t = tags.get(i);
            Tag tag = new Tag(t.path("key").asText(), null);
            JsonNode v = t.get("value");
            if (v != null && v.isArray()) {
                tag.values = new String[v.size()];
                for (int k = 0; k < v.size(); k++) {
                    tag.values[k] = v.get(k).asText();
                }
            } else if (v != null && !v.isNull()) {
                tag.value = v.asText();
            }
            tag.displayKey = t.hasNonNull("display_key") ? t.get("display_key").asText() : null;
            tag.displayValue =
                    t.hasNonNull("display_value") ? t.get("display_value").asText() : null;
            out[i] = tag;
        }
        return out;
    }
}
