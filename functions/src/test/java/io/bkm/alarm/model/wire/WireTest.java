package io.bkm.alarm.model.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.bkm.alarm.apm.AppTraceSpans;
import io.bkm.alarm.apm.Span;
import io.bkm.alarm.apm.SpanBatch;
import io.bkm.alarm.apm.SpanBatchSerializer;
import io.bkm.alarm.apm.SpanField;
import io.bkm.alarm.apm.TraceSpan;
import io.bkm.alarm.model.AlertChange;
import io.bkm.alarm.model.AlertInput;
import io.bkm.alarm.model.AlertOp;
import io.bkm.alarm.model.AlertSummary;
import io.bkm.alarm.model.CustomEventRecovery;
import io.bkm.alarm.model.Event;
import io.bkm.alarm.model.RawMessage;
import io.bkm.alarm.model.Tag;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * Every field of the records that travel field by field is carried: each is filled with a value of
 * its own, by reflection, so a field added to a class and forgotten in {@link Wire} fails here.
 */
class WireTest {
    private int next = 1;

    @Test
    void anEventCrossesWithEveryField() throws Exception {
        AlertInput in = AlertInput.of(fill(new Event()));
        assertThat(roundTrip(in)).usingRecursiveComparison().isEqualTo(in);
        assertThat(roundTrip(AlertInput.of(new Event())))
                .usingRecursiveComparison()
                .isEqualTo(AlertInput.of(new Event()));
    }

    @Test
    void operationsAndRecoveriesCrossAsWell() throws Exception {
        AlertOp op = fill(new AlertOp());
        AlertInput ops = AlertInput.of(op);
        assertThat(roundTrip(ops)).usingRecursiveComparison().isEqualTo(ops);
        AlertInput recovery = AlertInput.of(fill(new CustomEventRecovery()));
        assertThat(roundTrip(recovery)).usingRecursiveComparison().isEqualTo(recovery);
    }

    @Test
    void anAlertChangeCrossesWithEveryField() throws Exception {
        AlertChange c = fill(new AlertChange());
        assertThat(roundTrip(c)).usingRecursiveComparison().isEqualTo(c);
        assertThat(roundTrip(new AlertChange()))
                .usingRecursiveComparison()
                .isEqualTo(new AlertChange());
    }

    @Test
    void aSpanBatchCrossesWithEverySpanAndField() throws Exception {
        SpanBatch b = fill(new SpanBatch());
        assertThat(roundTrip(b, SpanBatchSerializer.TYPE)).usingRecursiveComparison().isEqualTo(b);
        SpanBatch empty = new SpanBatch();
        assertThat(roundTrip(empty, SpanBatchSerializer.TYPE))
                .usingRecursiveComparison()
                .isEqualTo(empty);
    }

    @Test
    void aTracesSpansCrossWithEveryField() throws Exception {
        AppTraceSpans t = fill(new AppTraceSpans());
        assertThat(t.spans[1].categoryId).as("an unmatched span").isNull();
        assertThat(roundTrip(t)).usingRecursiveComparison().isEqualTo(t);
    }

    @Test
    void stringsOfAnyLengthAndScriptReadBackWhole() throws Exception {
        // empty, multi-byte, long ones between short ones: each read takes its own length only
        List<String> strings =
                List.of(
                        "",
                        "磁盘只读 disk read-only",
                        "x".repeat(64 * 1024),
                        "é".repeat(8 * 1024 + 1),
                        "ok");
        DataOutputSerializer out = new DataOutputSerializer(64);
        for (String s : strings) {
            Wire.string(s, out);
        }
        Wire.string(null, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        for (String s : strings) {
            assertThat(Wire.string(in)).isEqualTo(s);
        }
        assertThat(Wire.string(in)).isNull();
    }

    @Test
    void repeatedStringsReadAsOneInstanceWithTheirOwnText() throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        String longest = "x".repeat(300);
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            written.add("service-" + (i % 7));
            written.add("ip-" + i);
        }
        written.addAll(Arrays.asList(null, "", "服务", longest, longest));
        for (String w : written) {
            Wire.string(w, out);
        }
        WireStrings strings = new WireStrings();
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        List<String> read = new ArrayList<>();
        for (int i = 0; i < written.size(); i++) {
            read.add(strings.read(in));
        }
        assertThat(read).isEqualTo(written);
        assertThat(read.get(14)).as("a repeat is the instance read before").isSameAs(read.get(0));
        assertThat(read.get(read.size() - 1))
                .as("long strings are not pooled")
                .isNotSameAs(read.get(read.size() - 2));
    }

    @Test
    void theJobsTypeInformationUsesThem() {
        assertThat(TypeInformation.of(AppTraceSpans.class)).isInstanceOf(WireTypeInfo.class);
        assertThat(TypeInformation.of(AlertInput.class)).isInstanceOf(WireTypeInfo.class);
        assertThat(TypeInformation.of(AlertChange.class)).isInstanceOf(WireTypeInfo.class);
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) throws Exception {
        return roundTrip(value, (TypeInformation<T>) TypeInformation.of(value.getClass()));
    }

    private static <T> T roundTrip(T value, TypeInformation<T> type) throws Exception {
        TypeSerializer<T> s = type.createSerializer(new SerializerConfigImpl()).duplicate();
        DataOutputSerializer out = new DataOutputSerializer(64);
        s.serialize(value, out);
        T back = s.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(s.copy(value)).usingRecursiveComparison().isEqualTo(value);
        return back;
    }

    /** Every public instance field set to a value no other field has. */
    private <T> T fill(T o) throws Exception {
        for (Field f : fields(o.getClass())) {
            f.set(o, valueOf(f.getType()));
        }
        return o;
    }

    private Object valueOf(Class<?> t) throws Exception {
        int n = next++;
        if (t == String.class) {
            return "v" + n;
        } else if (t == long.class || t == Long.class) {
            return (long) n * 1_000_003L;
        } else if (t == int.class || t == Integer.class) {
            return n;
        } else if (t == boolean.class || t == Boolean.class) {
            return true;
        } else if (t == String[].class) {
            return new String[] {"a" + n, null, "b" + n};
        } else if (t == byte[].class) {
            return new byte[] {(byte) n, 0, (byte) -n};
        } else if (t == Tag[].class) {
            Tag listed = fill(new Tag());
            return new Tag[] {fill(new Tag()), null, listed};
        } else if (t == AlertSummary.class) {
            return fill(new AlertSummary());
        } else if (t == RawMessage.class) {
            return fill(new RawMessage());
        } else if (t == Span[].class) {
            return new Span[] {fill(new Span()), fill(new Span())};
        } else if (t == SpanField[].class) {
            SpanField absent = fill(new SpanField());
            absent.text = null;
            return new SpanField[] {fill(new SpanField()), absent};
        } else if (t == SpanBatch.RejectedSpan[].class) {
            return new SpanBatch.RejectedSpan[] {fill(new SpanBatch.RejectedSpan())};
        } else if (t == TraceSpan[].class) {
            return new TraceSpan[] {fill(new TraceSpan()), new TraceSpan()};
        }
        throw new AssertionError("no test value for a field of type " + t.getName());
    }

    private static List<Field> fields(Class<?> c) {
        List<Field> out = new ArrayList<>();
        for (Class<?> k = c; k != Object.class; k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                int m = f.getModifiers();
                if (Modifier.isPublic(m) && !Modifier.isStatic(m) && !Modifier.isTransient(m)) {
                    out.add(f);
                }
            }
        }
        return out;
    }
}
