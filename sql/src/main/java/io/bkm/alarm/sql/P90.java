package io.bkm.alarm.sql;

import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.table.functions.AggregateFunction;

/**
 * {@code P90(value)}: the 90th percentile (nearest rank) of the values; nulls are left out. Takes
 * retractions, so it can sum up an updating view such as each alert's latest version.
 */
public class P90 extends AggregateFunction<Long, P90.Acc> {
    /** How many times each value is counted. */
    public static class Acc {
        public Map<Long, Long> counts = new TreeMap<>();
        public long n;
    }

    @Override
    public Acc createAccumulator() {
        return new Acc();
    }

    public void accumulate(Acc acc, Long value) {
        if (value != null) {
            acc.counts.merge(value, 1L, Long::sum);
            acc.n++;
        }
    }

    public void retract(Acc acc, Long value) {
        if (value != null && acc.counts.containsKey(value)) {
            acc.counts.merge(value, -1L, (a, b) -> a + b == 0 ? null : a + b);
            acc.n--;
        }
    }

    @Override
    public Long getValue(Acc acc) {
        if (acc.n == 0) {
            return null;
        }
        long rank = (long) Math.ceil(0.9 * acc.n);
        long seen = 0;
        for (Map.Entry<Long, Long> e : new TreeMap<>(acc.counts).entrySet()) {
            seen += e.getValue();
            if (seen >= rank) {
                return e.getKey();
            }
        }
        return null;
    }
}
