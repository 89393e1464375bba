package io.bkm.alarm.apm;

import java.util.ArrayList;
import java.util.List;

/** Service and component instances from spans (spec §3.4, §3.3). */
public final class InstanceDiscovery {
    private InstanceDiscovery() {}

    /**
     * A span's service instance, by the collector's {@code bk.instance.id} as it is (none when it
     * is absent or all its segments are empty), and its component instance when it matches a
     * component rule.
     */
    public static List<TopoInstance> instances(Span span, DiscoverRules rules) {
        List<TopoInstance> out = new ArrayList<>(2);
        String id =
                span.present("resource.bk.instance.id")
                        ? span.text("resource.bk.instance.id")
                        : null;
        String service = TopoKeys.service(span);
        if (id == null || id.replace(":", "").isEmpty() || service.isEmpty()) {
            return out;
        }
        String sdkName = span.text("resource.telemetry.sdk.name");
        String sdkVersion = span.text("resource.telemetry.sdk.version");
        String sdkLanguage = span.text("resource.telemetry.sdk.language");
        out.add(
                new TopoInstance(
                        service,
                        id,
                        DiscoverRule.SERVICE,
                        null,
                        null,
                        sdkName,
                        sdkVersion,
                        sdkLanguage));
        DiscoverRule component = rules.component(span);
        if (component != null) {
            out.add(
                    new TopoInstance(
                            TopoKeys.componentNode(span, component),
                            TopoKeys.componentInstance(span, component),
                            DiscoverRule.COMPONENT,
                            component.categoryId,
                            span.text(component.predicateKey),
                            sdkName,
                            sdkVersion,
                            sdkLanguage));
        }
        return out;
    }

    /**
     * The host IP a span ran on, {@code resource.net.host.ip} or else {@code
     * attributes.net.host.ip}, as {service, ip}; null without either or without a service.
     */
    public static String[] serviceHost(Span span) {
        String service = TopoKeys.service(span);
        String ip =
                span.present("resource.net.host.ip")
                        ? span.text("resource.net.host.ip")
                        : span.present("attributes.net.host.ip")
                                ? span.text("attributes.net.host.ip")
                                : null;
        return ip == null || service.isEmpty() ? null : new String[] {service, ip};
    }
}
