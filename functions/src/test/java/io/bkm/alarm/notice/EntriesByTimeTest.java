package io.bkm.alarm.notice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;
import org.junit.jupiter.api.Test;

class EntriesByTimeTest {
    /** One Flink key's map state on the heap, counting the scans and reads made of it. */
    static final class CountingMapState implements MapState<String, String> {
        final Map<String, String> map = new HashMap<>();
        int scans;
        int reads;

        @Override
        public String get(String key) {
            reads++;
            return map.get(key);
        }

        @Override
        public void put(String key, String value) {
            map.put(key, value);
        }

        @Override
        public void putAll(Map<String, String> m) {
            map.putAll(m);
        }

        @Override
        public void remove(String key) {
            map.remove(key);
        }

        @Override
        public boolean contains(String key) {
            return map.containsKey(key);
        }

        @Override
        public Iterable<Map.Entry<String, String>> entries() {
            scans++;
            return map.entrySet();
        }

        @Override
        public Iterable<String> keys() {
            scans++;
            return map.keySet();
        }

        @Override
        public Iterable<String> values() {
            scans++;
            return map.values();
        }

        @Override
        public Iterator<Map.Entry<String, String>> iterator() {
            scans++;
            return map.entrySet().iterator();
        }

        @Override
        public boolean isEmpty() {
            return map.isEmpty();
        }

        @Override
        public void clear() {
            map.clear();
        }
    }

    private static long time(String entryKey) {
        return Long.parseLong(entryKey.substring(0, entryKey.indexOf(':')));
    }

    @Test
    void aTimesEntriesAreReadByTheirKeysWithoutScanningTheOthers() throws Exception {
        CountingMapState state = new CountingMapState();
        EntriesByTime<String> index = new EntriesByTime<>(state, EntriesByTimeTest::time);
        for (int w = 0; w < 10; w++) {
            for (int i = 0; i < 100; i++) {
                index.put("k", w * 120 + ":n" + i, "v" + w);
            }
        }
        assertThat(state.scans).isEqualTo(1); // the key's index, built once before its first put
        state.reads = 0;

        Map<String, String> taken = index.take("k", 240, 240);

        assertThat(taken).hasSize(100).containsValue("v2").doesNotContainValue("v1");
        assertThat(state.reads).isEqualTo(100);
        assertThat(state.scans).isEqualTo(1);
        assertThat(state.map).hasSize(900).doesNotContainKey("240:n0");
    }

    @Test
    void afterARestoreTheIndexIsBuiltFromTheStateOnce() throws Exception {
        CountingMapState state = new CountingMapState();
        state.put("120:a", "x");
        state.put("0:b", "y");
        state.put("0:c", "z");
        EntriesByTime<String> restored = new EntriesByTime<>(state, EntriesByTimeTest::time);

        assertThat(restored.take("k", 0, 0)).containsOnlyKeys("0:b", "0:c");
        assertThat(restored.take("k", Long.MIN_VALUE, Long.MAX_VALUE)).containsOnlyKeys("120:a");
        assertThat(state.map).isEmpty();
        assertThat(state.scans).isEqualTo(1);
    }

    @Test
    void anEntryPutTwiceIsTakenOnceAndOneRemovedOtherwiseIsNotTaken() throws Exception {
        CountingMapState state = new CountingMapState();
        EntriesByTime<String> index = new EntriesByTime<>(state, EntriesByTimeTest::time);
        index.put("k", "5:a", "first");
        index.put("k", "5:a", "second");
        index.put("k", "5:b", "b");
        state.remove("5:b");
        index.removed("k", "5:b");

        assertThat(index.take("k", 5, 5)).containsExactly(Map.entry("5:a", "second"));
        assertThat(index.take("k", 5, 5)).isEmpty();
    }

    @Test
    void aKeyWhoseEntriesComeOneAtATimeIsScannedOnceUntilCleared() throws Exception {
        CountingMapState state = new CountingMapState();
        EntriesByTime<String> index = new EntriesByTime<>(state, EntriesByTimeTest::time);
        for (int t = 0; t < 5; t++) {
            index.put("k", t + ":a", "a");
            assertThat(index.take("k", t, t)).containsOnlyKeys(t + ":a");
        }
        assertThat(state.scans).isEqualTo(1);
        index.cleared("k");
        index.put("k", "9:a", "a");
        assertThat(state.scans).isEqualTo(2);
    }

    @Test
    void aClearedKeyIsIndexedAgainFromWhatItHoldsNext() throws Exception {
        CountingMapState state = new CountingMapState();
        EntriesByTime<String> index = new EntriesByTime<>(state, EntriesByTimeTest::time);
        index.put("k", "5:a", "a");
        state.clear();
        index.cleared("k");
        index.put("k", "6:b", "b");

        assertThat(index.take("k", 0, 10)).containsOnlyKeys("6:b");
    }

    @Test
    void aTakeByValueReadsOnlyItsRangeAndLeavesWhatItDoesNotWant() throws Exception {
        CountingMapState state = new CountingMapState();
        EntriesByTime<String> index = new EntriesByTime<>(state, EntriesByTimeTest::time);
        for (int t = 0; t < 10; t++) {
            index.put("k", t + ":a", t % 2 == 0 ? "even" : "odd");
        }
        state.reads = 0;

        assertThat(index.take("k", 0, 4, "even"::equals)).containsOnlyKeys("0:a", "2:a", "4:a");
        assertThat(state.reads).isEqualTo(5);
        assertThat(state.map).containsKeys("1:a", "3:a", "5:a").doesNotContainKey("2:a");
        // what was left is still listed: a later take finds it
        assertThat(index.take("k", 0, 4)).containsOnlyKeys("1:a", "3:a");
        assertThat(state.scans).isEqualTo(1);
    }
}
