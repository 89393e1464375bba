package io.bkm.alarm.apm;

import java.util.Objects;

/** An edge of the topology (spec §3.6): from one node to another, sync or async. */
public class TopoRelation {
    public static final String SYNC = "sync";
    public static final String ASYNC = "async";

    public String fromTopoKey;
    public String toTopoKey;
    public String kind;
    public String toTopoKeyKind;
    public String toTopoKeyCategory;

    public TopoRelation() {}

    public TopoRelation(
            String fromTopoKey,
            String toTopoKey,
            String kind,
            String toTopoKeyKind,
            String toTopoKeyCategory) {
        this.fromTopoKey = fromTopoKey;
        this.toTopoKey = toTopoKey;
        this.kind = kind;
        this.toTopoKeyKind = toTopoKeyKind;
        this.toTopoKeyCategory = toTopoKeyCategory;
    }

    public String cacheKey() {
        return CacheKeys.join(fromTopoKey, toTopoKey, kind, toTopoKeyKind, toTopoKeyCategory);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TopoRelation r && cacheKey().equals(r.cacheKey());
    }

    @Override
    public int hashCode() {
        return Objects.hash(fromTopoKey, toTopoKey, kind);
    }

    @Override
    public String toString() {
        return "TopoRelation(" + cacheKey() + ")";
    }
}
