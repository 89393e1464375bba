package io.bkm.alarm.apm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keeps at most {@code cap} entities of one type and application, keyed by {@link #key}: when a new
 * one passes the cap, the least recently seen of that application go (a hundredth of the cap at
 * once, so that an application at its cap does not scan its entities for every new one), each
 * announced expired for {@link DiscoveryChange#CAP}. Changes of entities it no longer keeps are
 * dropped, but one seen again is kept anew.
 */
public class EntityCapFunction
        extends KeyedProcessFunction<String, DiscoveryChange, DiscoveryChange> {
    private final int cap;
    private final int batch;
    private transient MapState<String, Long> lastSeen;
    private transient ValueState<Integer> count;

    public EntityCapFunction(int cap) {
        this.cap = cap;
        this.batch = Math.max(1, cap / 100);
    }

    /** One type of entity of one application. */
    public static String key(DiscoveryChange c) {
        return c.type + '\u0000' + c.bkBizId + '\u0000' + c.appName;
    }

    @Override
    public void open(OpenContext openContext) {
        lastSeen =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "apm-cap-last-seen", Types.STRING, Types.LONG));
        count =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("apm-cap-count", Types.INT));
    }

    @Override
    public void processElement(DiscoveryChange c, Context ctx, Collector<DiscoveryChange> out)
            throws Exception {
        boolean kept = lastSeen.contains(c.key);
        int n = count.value() == null ? 0 : count.value();
        if (DiscoveryChange.EXPIRED.equals(c.op)) {
            if (kept) {
                lastSeen.remove(c.key);
                setCount(n - 1);
                out.collect(c);
            }
            return;
        }
        if (!kept) {
            c.op = DiscoveryChange.CREATED;
            setCount(++n);
        }
        lastSeen.put(c.key, c.lastSeen);
        out.collect(c);
        if (n > cap) {
            evictOldest(n - cap + batch - 1, c, out);
        }
    }

    private void evictOldest(int howMany, DiscoveryChange by, Collector<DiscoveryChange> out)
            throws Exception {
        List<Map.Entry<String, Long>> all = new ArrayList<>();
        lastSeen.entries().forEach(e -> all.add(Map.entry(e.getKey(), e.getValue())));
        all.sort(
                Map.Entry.<String, Long>comparingByValue()
                        .thenComparing(Map.Entry.comparingByKey()));
        int evicted = 0;
        for (Map.Entry<String, Long> e : all) {
            if (evicted == howMany) {
                break;
            }
            if (e.getKey().equals(by.key)) {
                continue;
            }
            lastSeen.remove(e.getKey());
            DiscoveryChange x = new DiscoveryChange();
            x.op = DiscoveryChange.EXPIRED;
            x.reason = DiscoveryChange.CAP;
            x.type = by.type;
            x.bkBizId = by.bkBizId;
            x.appName = by.appName;
            x.key = e.getKey();
            x.lastSeen = e.getValue();
            out.collect(x);
            evicted++;
        }
        setCount(all.size() - evicted);
    }

    private void setCount(int n) throws Exception {
        if (n <= 0) {
            count.clear();
        } else {
            count.update(n);
        }
    }
}
