package io.bkm.alarm.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.common.Reasons;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The hostile variants of one good message that an input must turn into dead letters, each with the
 * reason it must carry: broken JSON (cut short, or trailed by more), too deep, not UTF-8, NUL bytes
 * raw and escaped, a 900 KB string, numbers beyond 64 bits or a double, a field of the wrong type,
 * and a time in year 9999.
 */
public final class HostileInputs {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** One hostile message and the dead-letter reason it must become. */
    public record Hostile(String name, byte[] payload, String reason) {}

    /**
     * Where an input's messages are vulnerable: a field that must not be {@code wrongValue}, and
     * the reason that gives; the message's time, with the same moment in year 9999 as the input
     * writes it (null: the input has no time).
     */
    public record Shape(
            String wrongTypeAt,
            JsonNode wrongValue,
            String wrongTypeReason,
            String timeAt,
            JsonNode year9999) {}

    private static final JsonNode SECONDS_9999 = F.numberNode(253_402_214_400L);
    private static final JsonNode MILLIS_9999 = F.numberNode(253_402_214_400_000L);
    private static final JsonNode TEXT_9999 = F.textNode("9999-12-31 00:00:00");
    private static final JsonNode AN_OBJECT = F.objectNode().put("k", "v");

    public static final Shape FTA_EVENT =
            new Shape("/alert_name", AN_OBJECT, Reasons.WRONG_TYPE, "/time", SECONDS_9999);
    public static final Shape GSE_SYSTEM_EVENT =
            new Shape("/value/0/extra/type", AN_OBJECT, Reasons.WRONG_TYPE, "/utctime2", TEXT_9999);
    public static final Shape GSE_CUSTOM_EVENT =
            new Shape("/_value_", AN_OBJECT, Reasons.WRONG_TYPE, "/_utctime_", TEXT_9999);

    /** Process event and custom event reports: items with an event name. */
    public static final Shape EVENT_REPORT =
            new Shape(
                    "/data/0/event_name",
                    AN_OBJECT,
                    Reasons.WRONG_TYPE,
                    "/data/0/timestamp",
                    MILLIS_9999);

    public static final Shape TIMESERIES =
            new Shape(
                    "/data/0/metrics",
                    F.textNode("cpu"),
                    Reasons.WRONG_SHAPE,
                    "/data/0/timestamp",
                    MILLIS_9999);
    public static final Shape ALERT_OP =
            new Shape("/alert_id", AN_OBJECT, Reasons.WRONG_TYPE, "/time", MILLIS_9999);

    /** A strategy record: no time of its own. */
    public static final Shape STRATEGY =
            new Shape("/items", F.textNode("cpu"), Reasons.WRONG_TYPE, null, null);

    private HostileInputs() {}

    public static List<Hostile> of(String good, Shape shape) {
        byte[] bytes = good.getBytes(StandardCharsets.UTF_8);
        JsonNode tree = read(good);
        List<Hostile> out = new ArrayList<>();
        out.add(
                new Hostile(
                        "truncated",
                        Arrays.copyOf(bytes, bytes.length / 2),
                        Reasons.MALFORMED_JSON));
        out.add(
                new Hostile(
                        "trailing garbage",
                        (good + "\"").getBytes(StandardCharsets.UTF_8),
                        Reasons.MALFORMED_JSON));
        out.add(
                new Hostile(
                        "nested 100 deep",
                        ("{\"nest\":" + "[".repeat(100) + "]".repeat(100) + "," + good.substring(1))
                                .getBytes(StandardCharsets.UTF_8),
                        Reasons.TOO_DEEP));
        out.add(
                new Hostile(
                        "invalid UTF-8",
                        intoFirstString(bytes, new byte[] {(byte) 0xC3, (byte) 0x28}),
                        Reasons.INVALID_UTF8));
        out.add(
                new Hostile(
                        "raw NUL byte",
                        intoFirstString(bytes, new byte[] {0}),
                        Reasons.MALFORMED_JSON));
        out.add(
                new Hostile(
                        "escaped NUL",
                        intoFirstString(bytes, "\\u0000".getBytes(StandardCharsets.UTF_8)),
                        Reasons.INVALID_VALUE));
        String firstString = firstLeaf(tree, "", true);
        out.add(
                new Hostile(
                        "900 KB string",
                        with(tree, firstString, F.textNode("x".repeat(900 * 1024))),
                        Reasons.TOO_LARGE));
        String firstNumber = firstLeaf(tree, "", false);
        out.add(
                new Hostile(
                        "integer beyond 64 bits",
                        with(
                                tree,
                                firstNumber,
                                F.numberNode(new BigInteger("123456789012345678901234567890"))),
                        Reasons.INVALID_VALUE));
        out.add(
                new Hostile(
                        "number beyond a double",
                        with(tree, firstNumber, F.rawValueNode(new RawValue("1e400"))),
                        Reasons.INVALID_VALUE));
        out.add(
                new Hostile(
                        "wrong type",
                        with(tree, shape.wrongTypeAt(), shape.wrongValue()),
                        shape.wrongTypeReason()));
        if (shape.timeAt() != null) {
            out.add(
                    new Hostile(
                            "time in year 9999",
                            with(tree, shape.timeAt(), shape.year9999()),
                            Reasons.INVALID_VALUE));
        }
        return out;
    }

    private static JsonNode read(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException("not JSON: " + json, e);
        }
    }

    /** The message with {@code what} inserted at the start of its first string value. */
    private static byte[] intoFirstString(byte[] message, byte[] what) {
        String s = new String(message, StandardCharsets.UTF_8);
        int at = s.indexOf("\":\"");
        if (at < 0) {
            throw new IllegalArgumentException("no string value in " + s);
        }
        int offset = s.substring(0, at + 3).getBytes(StandardCharsets.UTF_8).length;
        byte[] out = new byte[message.length + what.length];
        System.arraycopy(message, 0, out, 0, offset);
        System.arraycopy(what, 0, out, offset, what.length);
        System.arraycopy(message, offset, out, offset + what.length, message.length - offset);
        return out;
    }

    /** The JSON pointer of the first string (or number) leaf, depth first. */
    private static String firstLeaf(JsonNode n, String path, boolean string) {
        if (string ? n.isTextual() : n.isNumber()) {
            return path;
        }
        if (n.isObject()) {
            for (var it = n.fields(); it.hasNext(); ) {
                var e = it.next();
                String p = firstLeaf(e.getValue(), path + "/" + e.getKey(), string);
                if (p != null) {
                    return p;
                }
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                String p = firstLeaf(n.get(i), path + "/" + i, string);
                if (p != null) {
                    return p;
                }
            }
        }
        return null;
    }

    private static byte[] with(JsonNode tree, String pointer, JsonNode value) {
        if (pointer == null) {
            throw new IllegalArgumentException("no such leaf in " + tree);
        }
        JsonNode copy = tree.deepCopy();
        int i = pointer.lastIndexOf('/');
        JsonNode parent = copy.at(pointer.substring(0, i));
        String last = pointer.substring(i + 1);
        if (parent.isArray()) {
            ((ArrayNode) parent).set(Integer.parseInt(last), value);
        } else if (parent.isObject()) {
            ((ObjectNode) parent).set(last, value);
        } else {
            throw new IllegalArgumentException("no " + pointer + " in " + tree);
        }
        return Json.writeBytes(copy);
    }
}
