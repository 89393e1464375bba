package io.bkm.alarm.apm;

import java.util.Objects;

/** A trace's entry point (spec §3.2): the endpoint of its first server or producer span. */
public class RootEndpoint {
    public String endpointName;
    public String serviceName;
    public String categoryId;

    public RootEndpoint() {}

    public RootEndpoint(String endpointName, String serviceName, String categoryId) {
        this.endpointName = endpointName;
        this.serviceName = serviceName;
        this.categoryId = categoryId;
    }

    public String cacheKey() {
        return CacheKeys.join(endpointName, serviceName, categoryId);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RootEndpoint r && cacheKey().equals(r.cacheKey());
    }

    @Override
    public int hashCode() {
        return Objects.hash(endpointName, serviceName, categoryId);
    }

    @Override
    public String toString() {
        return "RootEndpoint(" + cacheKey() + ")";
    }
}
