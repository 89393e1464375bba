package io.bkm.alarm.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bkm.alarm.common.Json;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Editing extra_info's text gives what editing its tree and writing the tree gave. */
class ExtraInfoTest {
    private static final String[] KEYS = {"is_recovering", "end_description", "a", "b", "中文"};
    private static final String[] TEXTS = {
        "x", "", "quote \" backslash \\", "ctl \u0001\n\t", "中文 é", "emoji \uD83D\uDE00", "</"
    };
    private static final String[] NUMBERS = {
        "0", "-0", "1", "-17", "2147483648", "9223372036854775807", "9223372036854775808",
        "123456789012345678901234567890", "1.5", "-0.0", "1.0", "1e3", "1E-7", "2.5e+300",
        "0.1000000000000000055511151231257827", "3.14159265358979323846264338327950288",
    };

    private final Random random = new Random(3);

    @Test
    void setsAKeyAsTheTreeDid() {
        for (int i = 0; i < 20_000; i++) {
            String json = i % 10 == 0 ? oddInput() : object(0);
            String key = KEYS[random.nextInt(KEYS.length)];
            boolean flag = random.nextBoolean();
            assertThat(ExtraInfo.put(json, key, g -> g.writeBoolean(flag)))
                    .as(json)
                    .isEqualTo(asTree(json, key, Json.MAPPER.getNodeFactory().booleanNode(flag)));
            String text = text();
            assertThat(ExtraInfo.put(json, key, g -> g.writeString(text)))
                    .as(json)
                    .isEqualTo(asTree(json, key, Json.MAPPER.getNodeFactory().textNode(text)));
        }
    }

    @Test
    void aKeyItHasStaysInItsPlaceAndANewOneGoesLast() {
        assertThat(
                        ExtraInfo.put(
                                "{\"a\":1,\"k\":{\"x\":[1]},\"b\":2}",
                                "k",
                                g -> g.writeString("v")))
                .isEqualTo("{\"a\":1,\"k\":\"v\",\"b\":2}");
        assertThat(ExtraInfo.put("{\"a\":1}", "k", g -> g.writeBoolean(true)))
                .isEqualTo("{\"a\":1,\"k\":true}");
        assertThat(ExtraInfo.put("{\"k\":1,\"a\":2,\"k\":3}", "a", g -> g.writeNull()))
                .as("a repeated key: the tree keeps its last value at its first place")
                .isEqualTo("{\"k\":3,\"a\":null}");
        assertThat(ExtraInfo.put("[1]", "k", g -> g.writeBoolean(false)))
                .isEqualTo("{\"k\":false}");
    }

    /** The former code of AlertBuilder.putExtra. */
    private static String asTree(String json, String key, JsonNode value) {
        ObjectNode extra;
        try {
            JsonNode parsed = json == null ? null : Json.MAPPER.readTree(json);
            extra = parsed instanceof ObjectNode o ? o : Json.MAPPER.createObjectNode();
        } catch (Exception ex) {
            extra = Json.MAPPER.createObjectNode();
        }
        extra.set(key, value);
        return Json.write(extra);
    }

    private String oddInput() {
        String[] odd = {
            null,
            "",
            "null",
            "[1,2]",
            "\"s\"",
            "12",
            "{",
            "{\"a\":}",
            "{} {}",
            "{}x",
            " { } ",
            "{\"a\":1,\"a\":2}",
            "{\"is_recovering\":true,\"x\":1,\"is_recovering\":false}",
            "[".repeat(70) + "]".repeat(70),
            "{\"a\":" + "[".repeat(70) + "]".repeat(70) + "}",
        };
        return odd[random.nextInt(odd.length)];
    }

    private String object(int depth) {
        StringBuilder b = new StringBuilder(random.nextBoolean() ? "{" : " { ");
        int n = random.nextInt(depth == 0 ? 6 : 3);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                b.append(random.nextInt(4) == 0 ? " , " : ",");
            }
            String key = random.nextInt(4) == 0 ? KEYS[random.nextInt(KEYS.length)] : "f" + i;
            b.append(Json.write(key))
                    .append(random.nextBoolean() ? ":" : " : ")
                    .append(value(depth));
        }
        return b.append('}').toString();
    }

    private String value(int depth) {
        int kind = random.nextInt(depth < 3 ? 7 : 5);
        return switch (kind) {
            case 0 -> Json.write(text());
            case 1 -> NUMBERS[random.nextInt(NUMBERS.length)];
            case 2 -> random.nextBoolean() ? "true" : "false";
            case 3 -> "null";
            case 4 -> "\"\\u00e9\\n\\/\"";
            case 5 -> object(depth + 1);
            default -> "[" + value(depth + 1) + "," + value(depth + 1) + "]";
        };
    }

    private String text() {
        return TEXTS[random.nextInt(TEXTS.length)];
    }
}
