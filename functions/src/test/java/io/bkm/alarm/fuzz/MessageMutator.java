package io.bkm.alarm.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/** Mutates real messages the ways broken producers and networks do, from a seeded random. */
public final class MessageMutator {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final Random rnd;

    public MessageMutator(long seed) {
        this.rnd = new Random(seed);
    }

    public byte[] mutate(byte[] original) {
        return switch (rnd.nextInt(12)) {
            case 0 -> flipBytes(original);
            case 1 -> Arrays.copyOf(original, rnd.nextInt(original.length));
            case 2 -> insert(original, new byte[] {(byte) 0xC3, (byte) 0x28});
            case 3 -> new byte[0];
            case 4 -> nest(rnd.nextInt(200) + 1).getBytes(StandardCharsets.UTF_8);
            case 5 ->
                    ("[" + new String(original, StandardCharsets.UTF_8) + "]")
                            .getBytes(StandardCharsets.UTF_8);
            default -> jsonMutation(original);
        };
    }

    private byte[] flipBytes(byte[] in) {
        byte[] out = in.clone();
        for (int i = 0, n = 1 + rnd.nextInt(5); i < n && out.length > 0; i++) {
            out[rnd.nextInt(out.length)] = (byte) rnd.nextInt(256);
        }
        return out;
    }

    private byte[] insert(byte[] in, byte[] what) {
        int at = rnd.nextInt(in.length + 1);
        byte[] out = new byte[in.length + what.length];
        System.arraycopy(in, 0, out, 0, at);
        System.arraycopy(what, 0, out, at, what.length);
        System.arraycopy(in, at, out, at + what.length, in.length - at);
        return out;
    }

    private static String nest(int depth) {
        return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    }

    /** Replaces, removes or retypes one node of the JSON tree, 1 to 3 times. */
    private byte[] jsonMutation(byte[] in) {
        try {
            JsonNode root = MAPPER.readTree(in);
            for (int i = 0, n = 1 + rnd.nextInt(3); i < n; i++) {
                List<JsonNode> containers = new ArrayList<>();
                collect(root, containers);
                JsonNode target = containers.get(rnd.nextInt(containers.size()));
                if (target instanceof ObjectNode o && o.size() > 0) {
                    List<String> names = new ArrayList<>();
                    o.fieldNames().forEachRemaining(names::add);
                    String name = names.get(rnd.nextInt(names.size()));
                    if (rnd.nextInt(4) == 0) {
                        o.remove(name);
                    } else {
                        o.set(name, randomValue());
                    }
                } else if (target instanceof ArrayNode a) {
                    if (a.size() > 0 && rnd.nextBoolean()) {
                        a.set(rnd.nextInt(a.size()), randomValue());
                    } else {
                        a.add(randomValue());
                    }
                }
            }
            return MAPPER.writeValueAsBytes(root);
        } catch (Exception e) {
            return flipBytes(in);
        }
    }

    private static void collect(JsonNode n, List<JsonNode> out) {
        if (n.isContainerNode()) {
            out.add(n);
            Iterator<JsonNode> it = n.elements();
            while (it.hasNext()) {
                collect(it.next(), out);
            }
        }
    }

    private JsonNode randomValue() {
        return switch (rnd.nextInt(12)) {
            case 0 -> F.nullNode();
            case 1 -> F.numberNode(rnd.nextInt());
            case 2 -> F.numberNode(rnd.nextDouble() * 1e6);
            case 3 -> F.numberNode(Long.MAX_VALUE);
            case 4 -> F.booleanNode(rnd.nextBoolean());
            case 5 -> F.textNode("");
            case 6 -> F.textNode("x".repeat(rnd.nextInt(300)));
            case 7 -> F.textNode("2024-13-45 99:99:99");
            case 8 -> F.arrayNode().add(1).add("two");
            case 9 -> F.objectNode().put("k", "v");
            case 10 -> F.textNode("\u6d4b\u8bd5\u0000\uffff");
            default -> F.numberNode(-rnd.nextInt(10));
        };
    }
}
