package io.bkm.alarm.model.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bkm.alarm.common.Json;
import io.bkm.alarm.model.Alert;
import io.bkm.alarm.model.AlertDimension;
import io.bkm.alarm.model.AlertLog;
import io.bkm.alarm.model.Event;
import io.bkm.alarm.model.Tag;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The hand-rendered documents are the bytes data binding gives: every public field of the document
 * classes is filled by reflection, so a field added to a class and not to {@link DocumentJson}
 * fails here.
 */
class DocumentJsonTest {
    private static final String[] TEXTS = {
        "",
        "plain",
        "quote \" and backslash \\ and slash /",
        "controls \b\t\n\f\r \u0001\u001f\u007f",
        "中文 告警 é",
        "emoji \uD83D\uDE00 pair",
        "lone \uD83D high and lone \uDE00 low",
        "<script>&amp;</script>",
        "1234",
        "-7",
        "0012",
        "12345678901234567890",
        "1.5",
    };

    private final Random random = new Random(42);
    private final DocumentJson json = new DocumentJson();

    @Test
    void everyFieldOfEveryDocumentAsDataBindingWritesIt() throws Exception {
        for (int i = 0; i < 3000; i++) {
            double nulls = i < 50 ? 0 : random.nextDouble() * 0.6;
            same(fill(new Event(), nulls), json::event);
            same(fill(new Alert(), nulls), json::alert);
            same(fill(new AlertLog(), nulls), json::alertLog);
        }
    }

    @Test
    void emptyDocuments() {
        same(new Event(), json::event);
        same(new Alert(), json::alert);
        same(new AlertLog(), json::alertLog);
    }

    @Test
    void aDocumentThatCannotBeWrittenLeavesNothingForTheNext() {
        Alert a = new Alert();
        a.extraInfo = "{\"k\":\"\u4e2d \uD83D\uDE00\"}";
        same(a, json::alert);
        // a raw value with a surrogate and no pair cannot be encoded, by data binding or here
        a.extraInfo = "{\"k\":\"lone \uD83D\"}";
        assertThatThrownBy(() -> Json.writeBytes(a)).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> json.alert(a)).isInstanceOf(IllegalStateException.class);
        same(new Alert(), json::alert);
        same(new Event(), json::event);
    }

    private static <T> void same(T doc, Function<T, byte[]> rendered) {
        byte[] expected = Json.writeBytes(doc);
        assertThat(new String(rendered.apply(doc), StandardCharsets.UTF_8))
                .isEqualTo(new String(expected, StandardCharsets.UTF_8));
        assertThat(rendered.apply(doc)).isEqualTo(expected);
    }

    private <T> T fill(T target, double nulls) throws Exception {
        for (Class<?> c = target.getClass(); c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                int m = f.getModifiers();
                if (!Modifier.isPublic(m) || Modifier.isStatic(m) || Modifier.isFinal(m)) {
                    continue;
                }
                Class<?> t = f.getType();
                if (!t.isPrimitive() && random.nextDouble() < nulls) {
                    f.set(target, null);
                    continue;
                }
                f.set(target, value(f, t, nulls));
            }
        }
        return target;
    }

    private Object value(Field f, Class<?> t, double nulls) throws Exception {
        if (f.getName().equals("extraInfo")) {
            return random.nextBoolean()
                    ? "{\"a\":1,\"b\":{\"c\":[\"x\",null]}}"
                    : "{\"origin_alarm\":{\"data\":{\"value\":95.5}}}";
        }
        if (t == String.class) {
            return text();
        }
        if (t == Long.class || t == long.class) {
            return random.nextBoolean() ? (long) random.nextInt(100) : random.nextLong();
        }
        if (t == Integer.class || t == int.class) {
            return random.nextInt(2000) - 1000;
        }
        if (t == Boolean.class || t == boolean.class) {
            return random.nextBoolean();
        }
        if (t == String[].class) {
            String[] a = new String[random.nextInt(4)];
            for (int i = 0; i < a.length; i++) {
                a[i] = random.nextInt(6) == 0 ? null : text();
            }
            return a;
        }
        if (t == Tag[].class) {
            Tag[] tags = new Tag[random.nextInt(4)];
            for (int i = 0; i < tags.length; i++) {
                tags[i] = fill(new Tag(), nulls);
                if (random.nextBoolean()) {
                    tags[i].values = null;
                }
            }
            return tags;
        }
        if (t == AlertDimension[].class) {
            AlertDimension[] dims = new AlertDimension[random.nextInt(4)];
            for (int i = 0; i < dims.length; i++) {
                dims[i] = fill(new AlertDimension(), nulls);
            }
            return dims;
        }
        if (t == Event.class) {
            return fill(new Event(), nulls);
        }
        throw new AssertionError(
                "a field DocumentJsonTest cannot fill: " + f + "; teach both of them its type");
    }

    private String text() {
        return TEXTS[random.nextInt(TEXTS.length)] + (random.nextBoolean() ? "" : random.nextInt());
    }
}
