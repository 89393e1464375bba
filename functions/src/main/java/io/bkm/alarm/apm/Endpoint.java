package io.bkm.alarm.apm;

import java.util.Objects;

/** An endpoint's identity (spec §3.1): what bk-monitor's Endpoint table keeps one row of. */
public class Endpoint {
    public String endpointName;
    public String serviceName;
    public String categoryId;
    public String categoryKindKey;
    public String categoryKindValue;
    public int spanKind;

    public Endpoint() {}

    public Endpoint(
            String endpointName,
            String serviceName,
            String categoryId,
            String categoryKindKey,
            String categoryKindValue,
            int spanKind) {
        this.endpointName = endpointName;
        this.serviceName = serviceName;
        this.categoryId = categoryId;
        this.categoryKindKey = categoryKindKey;
        this.categoryKindValue = categoryKindValue;
        this.spanKind = spanKind;
    }

    /** bk-monitor's heartbeat key: the identity reversed, joined with {@code :}. */
    public String cacheKey() {
        return CacheKeys.join(
                Integer.toString(spanKind),
                categoryKindValue,
                categoryKindKey,
                categoryId,
                serviceName,
                endpointName);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Endpoint e && cacheKey().equals(e.cacheKey());
    }

    @Override
    public int hashCode() {
        return Objects.hash(endpointName, serviceName, categoryId, spanKind);
    }

    @Override
    public String toString() {
        return "Endpoint(" + cacheKey() + ")";
    }
}
