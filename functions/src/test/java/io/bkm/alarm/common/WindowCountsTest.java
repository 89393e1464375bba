package io.bkm.alarm.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class WindowCountsTest {
    /** Counts {@code op:time} inputs in minute windows and emits what each call answered. */
    static final class Counting extends KeyedProcessFunction<String, String, String> {
        private transient WindowCounts counts;

        @Override
        public void open(OpenContext ctx) {
            counts =
                    new WindowCounts(
                            getRuntimeContext().getMapState(WindowCounts.descriptor("test")), 60);
        }

        @Override
        public void processElement(
                String in, Context ctx, org.apache.flink.util.Collector<String> out)
                throws Exception {
            String[] p = in.split(":");
            long time = Long.parseLong(p[1]);
            out.collect(
                    switch (p[0]) {
                        case "add" -> Integer.toString(counts.add(time));
                        case "below2" -> Boolean.toString(counts.addBelow(time, 2));
                        default -> Integer.toString(counts.get(time));
                    });
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, String, String> harness()
            throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new Counting()), in -> "k", Types.STRING);
        h.setStateTtlProcessingTime(0);
        h.open();
        return h;
    }

    @Test
    void countsPerWindowOfTheRecordsOwnTimes() throws Exception {
        try (var h = harness()) {
            for (String in :
                    new String[] {
                        "add:120", "add:179", "get:150", "add:180", "add:-1", "get:-60", "get:0"
                    }) {
                h.processElement(in, 0);
            }
            // 120 and 179 share the window [120, 180); 180 opens the next; -1 belongs to [-60, 0)
            assertThat(h.extractOutputValues()).containsExactly("0", "1", "2", "0", "0", "1", "0");
        }
    }

    @Test
    void addBelowCountsOnlyUnderTheLimit() throws Exception {
        try (var h = harness()) {
            for (String in : new String[] {"below2:60", "below2:61", "below2:62", "get:63"}) {
                h.processElement(in, 0);
            }
            assertThat(h.extractOutputValues()).containsExactly("true", "true", "false", "2");
        }
    }

    @Test
    void aCountLivesTenMinutesAfterItsLastWrite() throws Exception {
        try (var h = harness()) {
            h.processElement("add:60", 0);
            h.setStateTtlProcessingTime(10 * 60_000L - 1);
            h.processElement("get:60", 0);
            h.setStateTtlProcessingTime(10 * 60_000L);
            h.processElement("get:60", 0);
            assertThat(h.extractOutputValues()).containsExactly("0", "1", "0");
        }
    }
}
