package io.bkm.alarm.sql;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.functions.AggregateFunction;
import org.apache.flink.types.Row;

/**
 * {@code TOP_DIMENSIONS(id, dimensions, n)}: the {@code n} commonest {@code key=value} dimensions
 * among the distinct alerts, commonest first (ties by text), each counted once per alert.
 */
public class TopDimensions extends AggregateFunction<String[], TopDimensions.Acc> {
    /** Alerts per dimension, and the alerts counted. */
    public static class Acc {
        public Map<String, Integer> counts = new HashMap<>();
        public Map<String, Boolean> alerts = new HashMap<>();
        public int limit;
    }

    @Override
    public Acc createAccumulator() {
        return new Acc();
    }

    public void accumulate(
            Acc acc,
            String id,
            @DataTypeHint("ARRAY<ROW<`key` STRING, `value` STRING>>") Row[] dimensions,
            Integer n) {
        if (id == null || dimensions == null || acc.alerts.containsKey(id)) {
            return;
        }
        acc.alerts.put(id, true);
        acc.limit = n;
        for (Row d : dimensions) {
            if (d != null && d.getField(0) != null) {
                acc.counts.merge(d.getField(0) + "=" + d.getField(1), 1, Integer::sum);
            }
        }
    }

    @Override
    public String[] getValue(Acc acc) {
        List<Map.Entry<String, Integer>> all = new ArrayList<>(acc.counts.entrySet());
        all.sort(
                Map.Entry.<String, Integer>comparingByValue()
                        .reversed()
                        .thenComparing(Map.Entry.comparingByKey()));
        List<String> top = new ArrayList<>();
        for (int i = 0; i < Math.min(acc.limit, all.size()); i++) {
            top.add(all.get(i).getKey());
        }
        return top.toArray(new String[0]);
    }
}
