package io.bkm.alarm.alert;

import io.bkm.alarm.model.Event;
import io.bkm.alarm.model.Tag;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Lets an event kept in an alert state share the strings it repeats. Every event arrives with
 * copies of its own, deserialized from a shuffle. An alert state holds its newest event until the
 * next one replaces it, usually longer than the young generation keeps objects, so every copy is
 * promoted and then dropped in the old generation, and a full collection has to come and find it.
 *
 * <p>Two kinds of repeats: what many alerts share (plugin, status, target type, tag keys, dedupe
 * keys; a few distinct values per job) comes from one pool, and what an alert's events share (its
 * name, target, tag values) from the event it replaces. The event's own ids stay its own. Only
 * strings are shared, never arrays or tags, which are not known never to be changed.
 */
final class SharedStrings {
    /** Distinct values pooled at most: beyond them the strings are kept as they came. */
    static final int POOL_LIMIT = 4096;

    private final Map<String, String> pool = new HashMap<>();

    /**
     * Makes {@code e} hold pooled strings, and {@code before}'s (its fingerprint's previous event,
     * or null) where they are equal.
     */
    void share(Event e, Event before) {
        e.pluginId = pooled(e.pluginId);
        e.status = pooled(e.status);
        e.dataType = pooled(e.dataType);
        e.targetType = pooled(e.targetType);
        e.category = pooled(e.category);
        e.bkTenantId = pooled(e.bkTenantId);
        e.bkBizId = pooled(e.bkBizId);
        e.bkCloudId = pooled(e.bkCloudId);
        e.sourceTopic = pooled(e.sourceTopic);
        pool(e.dedupeKeys);
        pool(e.metric);
        if (before == null) {
            poolTagKeys(e.tags, null);
            return;
        }
        e.alertName = same(e.alertName, before.alertName);
        e.description = same(e.description, before.description);
        e.target = same(e.target, before.target);
        e.dedupeMd5 = same(e.dedupeMd5, before.dedupeMd5);
        e.ip = same(e.ip, before.ip);
        e.ipv6 = same(e.ipv6, before.ipv6);
        e.bkHostId = same(e.bkHostId, before.bkHostId);
        e.bkServiceInstanceId = same(e.bkServiceInstanceId, before.bkServiceInstanceId);
        e.extraInfo = same(e.extraInfo, before.extraInfo);
        same(e.bkTopoNode, before.bkTopoNode);
        same(e.assignee, before.assignee);
        poolTagKeys(e.tags, before.tags);
    }

    /** The pooled copy of {@code s}, pooled now if the pool has room. */
    String pooled(String s) {
        if (s == null) {
            return null;
        }
        String p = pool.get(s);
        if (p != null) {
            return p;
        }
        if (pool.size() < POOL_LIMIT) {
            pool.put(s, s);
        }
        return s;
    }

    private void pool(String[] values) {
        if (values != null) {
            for (int i = 0; i < values.length; i++) {
                values[i] = pooled(values[i]);
            }
        }
    }

    /** Tag keys pooled; values shared with the tag of the same place before, as tags keep order. */
    private void poolTagKeys(Tag[] tags, Tag[] before) {
        if (tags == null) {
            return;
        }
        for (int i = 0; i < tags.length; i++) {
            Tag t = tags[i];
            if (t == null) {
                continue;
            }
            t.key = pooled(t.key);
            t.displayKey = pooled(t.displayKey);
            Tag b = before != null && i < before.length ? before[i] : null;
            if (b != null && Objects.equals(t.key, b.key)) {
                t.value = same(t.value, b.value);
                t.displayValue = same(t.displayValue, b.displayValue);
                same(t.values, b.values);
            }
        }
    }

    private static String same(String s, String before) {
        return s != null && s.equals(before) ? before : s;
    }

    private static void same(String[] values, String[] before) {
        if (values == null || before == null) {
            return;
        }
        for (int i = 0; i < Math.min(values.length, before.length); i++) {
            values[i] = same(values[i], before[i]);
        }
    }

    /** How many distinct values are pooled; for tests. */
    int pooledCount() {
        return pool.size();
    }
}
