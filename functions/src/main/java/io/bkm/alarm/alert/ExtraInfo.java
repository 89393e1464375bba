package io.bkm.alarm.alert;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import io.bkm.alarm.common.Json;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * Sets one key of an {@code extra_info} object's text: in its place when the object has it, last
 * when not; an input that is not one JSON object counts as an empty one. The result is the text
 * that reading the object into a tree, setting the key and writing the tree gives, which is what
 * the alert did before; here the object is copied token by token from parser to generator, with no
 * tree in between (extra_info carries the whole strategy, and alerts set keys of it as they are
 * created, recover and end). An object that repeats a key, and text that is not one object, are the
 * exceptions, edited as a tree, because the tree keeps a repeated key's last value at its first
 * place.
 */
final class ExtraInfo {
    private ExtraInfo() {}

    @FunctionalInterface
    interface Value {
        void write(JsonGenerator g) throws IOException;
    }

    static String put(String json, String key, Value value) {
        if (json != null) {
            try {
                return copyWith(json, key, value);
            } catch (IOException | RuntimeException e) {
                // a repeated key, or not one JSON object: as the tree has it
            }
        }
        return asTree(json, key, value);
    }

    /** Throws on a repeated key anywhere, and when the text is not one JSON object. */
    private static String copyWith(String json, String key, Value value) throws IOException {
        StringWriter out = new StringWriter(json.length() + 64);
        try (JsonParser p = Json.MAPPER.getFactory().createParser(json);
                JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            p.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not an object");
            }
            boolean written = false;
            g.writeStartObject();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                g.writeFieldName(name);
                if (name.equals(key)) {
                    value.write(g);
                    p.skipChildren();
                    written = true;
                } else {
                    g.copyCurrentStructure(p);
                }
            }
            if (!written) {
                g.writeFieldName(key);
                value.write(g);
            }
            g.writeEndObject();
            if (p.nextToken() != null) {
                throw new IOException("more than one value");
            }
        }
        return out.toString();
    }

    private static String asTree(String json, String key, Value value) {
        ObjectNode extra;
        try {
            JsonNode parsed = json == null ? null : Json.MAPPER.readTree(json);
            extra = parsed instanceof ObjectNode o ? o : Json.MAPPER.createObjectNode();
        } catch (IOException | RuntimeException e) {
            extra = Json.MAPPER.createObjectNode();
        }
        try {
            TokenBuffer v = new TokenBuffer(Json.MAPPER, false);
            value.write(v);
            extra.set(key, Json.MAPPER.readTree(v.asParser()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write extra_info." + key, e);
        }
        return Json.write(extra);
    }
}
