package io.bkm.alarm.sql;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.functions.AggregateFunction;

/**
 * {@code FIRST_IDS(id, n)}: the {@code n} smallest distinct ids, ascending. Alert ids begin with
 * their create time, so these are the first alerts; the same set whatever order the ids came in.
 */
public class FirstIds extends AggregateFunction<String[], FirstIds.Acc> {
    /** The smallest ids so far, at most {@code n}. */
    public static class Acc {
        public Map<String, Boolean> ids = new HashMap<>();
    }

    @Override
    public Acc createAccumulator() {
        return new Acc();
    }

    public void accumulate(Acc acc, String id, Integer n) {
        if (id == null || acc.ids.containsKey(id)) {
            return;
        }
        acc.ids.put(id, true);
        if (acc.ids.size() > n) {
            String largest = null;
            for (String k : acc.ids.keySet()) {
                if (largest == null || k.compareTo(largest) > 0) {
                    largest = k;
                }
            }
            acc.ids.remove(largest);
        }
    }

    @Override
    public String[] getValue(Acc acc) {
        List<String> ids = new ArrayList<>(acc.ids.keySet());
        ids.sort(null);
        return ids.toArray(new String[0]);
    }
}
