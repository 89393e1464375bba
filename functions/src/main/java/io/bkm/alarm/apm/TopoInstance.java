package io.bkm.alarm.apm;

import java.util.Objects;

/** A service or component instance (spec §3.4), by its eight identity fields. */
public class TopoInstance {
    public String topoNodeKey;
    public String instanceId;
    public String instanceTopoKind;
    public String componentInstanceCategory;
    public String componentInstancePredicateValue;
    public String sdkName;
    public String sdkVersion;
    public String sdkLanguage;

    public TopoInstance() {}

    public TopoInstance(
            String topoNodeKey,
            String instanceId,
            String instanceTopoKind,
            String componentInstanceCategory,
            String componentInstancePredicateValue,
            String sdkName,
            String sdkVersion,
            String sdkLanguage) {
        this.topoNodeKey = topoNodeKey;
        this.instanceId = instanceId;
        this.instanceTopoKind = instanceTopoKind;
        this.componentInstanceCategory = componentInstanceCategory;
        this.componentInstancePredicateValue = componentInstancePredicateValue;
        this.sdkName = sdkName;
        this.sdkVersion = sdkVersion;
        this.sdkLanguage = sdkLanguage;
    }

    public String cacheKey() {
        return CacheKeys.join(
                topoNodeKey,
                instanceId,
                instanceTopoKind,
                componentInstanceCategory,
                componentInstancePredicateValue,
                sdkName,
                sdkVersion,
                sdkLanguage);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TopoInstance t && cacheKey().equals(t.cacheKey());
    }

    @Override
    public int hashCode() {
        return Objects.hash(topoNodeKey, instanceId, instanceTopoKind);
    }

    @Override
    public String toString() {
        return "TopoInstance(" + cacheKey() + ")";
    }
}
