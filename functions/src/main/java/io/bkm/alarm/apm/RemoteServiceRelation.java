package io.bkm.alarm.apm;

import java.util.Objects;

/** Which endpoint calls a remote service (spec §3.7). */
public class RemoteServiceRelation {
    public String topoNodeKey;
    public String fromEndpointName;
    public String category;

    public RemoteServiceRelation() {}

    public RemoteServiceRelation(String topoNodeKey, String fromEndpointName, String category) {
        this.topoNodeKey = topoNodeKey;
        this.fromEndpointName = fromEndpointName;
        this.category = category;
    }

    public String cacheKey() {
        return CacheKeys.join(topoNodeKey, fromEndpointName, category);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RemoteServiceRelation r && cacheKey().equals(r.cacheKey());
    }

    @Override
    public int hashCode() {
        return Objects.hash(topoNodeKey, fromEndpointName, category);
    }

    @Override
    public String toString() {
        return "RemoteServiceRelation(" + cacheKey() + ")";
    }
}
