package io.bkm.alarm.cmdb;

import io.bkm.alarm.event.DedupeKeys;
import io.bkm.alarm.model.Event;
import io.bkm.alarm.model.HostInfo;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * Event enrichment by target type (behaviour spec §6.1), then the event's {@code dedupe_md5}: it is
 * computed after enrichment, as bk-monitor's builder does, so a rewritten target and a filled-in
 * business are part of it. An event that must not go on gets {@code enrichmentFailure}.
 */
public final class EventEnricher {
    public static final String NO_BUSINESS = "no_business";
    public static final String BAD_TOPO_TARGET = "bad_topo_target";
    private static final Pattern DIGITS = Pattern.compile("\\d+");

    private EventEnricher() {}

    public static CompletableFuture<Void> enrich(Event e, HostResolver resolver) {
        return lookUp(e, resolver)
                .thenRun(
                        () -> {
                            if (e.enrichmentFailure == null && e.dedupeMd5 == null) {
                                e.dedupeMd5 = DedupeKeys.md5(e);
                            }
                        });
    }

    private static CompletableFuture<Void> lookUp(Event e, HostResolver resolver) {
        String target = e.target == null ? "" : e.target;
        switch (e.targetType) {
            case "HOST" -> {
                if (DIGITS.matcher(target).matches()) {
                    return resolver.byHostId(Long.parseLong(target))
                            .thenAccept(r -> host(e, r, null));
                }
                if (target.contains("|")) {
                    String[] parts = target.split("\\|", 2);
                    int cloud =
                            DIGITS.matcher(parts[1]).matches() ? Integer.parseInt(parts[1]) : -1;
                    return resolver.byIpCloud(parts[0], cloud).thenAccept(r -> host(e, r, null));
                }
                // a bare IP: bk-monitor rewrites the target with cloud 0, whatever the host's cloud
                return resolver.byIp(target, e.bkBizId == null ? "" : e.bkBizId)
                        .thenAccept(r -> host(e, r, target + "|0"));
            }
            case "TOPO" -> {
                if (!target.matches("[^|]+\\|[^|]+")) {
                    e.enrichmentFailure = BAD_TOPO_TARGET;
                } else if (e.bkBizId == null) {
                    e.enrichmentFailure = NO_BUSINESS;
                } else {
                    e.bkTopoNode = new String[] {target};
                }
                return CompletableFuture.completedFuture(null);
            }
            case "SERVICE" -> {
                return resolver.serviceInstance(target).thenAccept(si -> service(e, si));
            }
            default -> {
                // custom target types need a business to be kept
                if (e.bkBizId == null) {
                    e.enrichmentFailure = NO_BUSINESS;
                }
                return CompletableFuture.completedFuture(null);
            }
        }
    }

    private static void service(Event e, Optional<ServiceInstance> found) {
        if (found.isEmpty()) {
            // unknown instance: kept with only its id when the event has a business
            if (e.bkBizId == null) {
                e.enrichmentFailure = NO_BUSINESS;
            } else {
                e.bkServiceInstanceId = e.target;
            }
            return;
        }
        ServiceInstance si = found.get();
        // the event's own business wins, as in bk-monitor (a mismatch is only logged there)
        if (e.bkBizId == null) {
            e.bkBizId = si.bizId();
        }
        e.target = si.id();
        e.bkServiceInstanceId = si.id();
        e.bkHostId = si.hostId() == 0 ? null : Long.toString(si.hostId());
        e.ip = si.ip();
        e.bkCloudId = si.cloudId() == null ? null : Integer.toString(si.cloudId());
        e.bkTopoNode = si.topoNodes();
    }

    private static void host(Event e, HostResolver.Resolution r, String rewrittenTarget) {
        HostInfo h = r.host();
        if (h == null) {
            // unknown host: kept unenriched when the event has a business; ambiguous: dropped
            if (HostResolver.AMBIGUOUS_IP.equals(r.dropReason()) || e.bkBizId == null) {
                e.enrichmentFailure = r.dropReason();
            }
            return;
        }
        if (rewrittenTarget != null) {
            e.target = rewrittenTarget;
        }
        if (e.bkBizId == null || e.bkBizId.isEmpty()) {
            e.bkBizId = h.bizId;
        }
        e.bkHostId = Long.toString(h.hostId);
        e.ip = h.ip;
        e.ipv6 = h.ipv6;
        e.bkCloudId = Integer.toString(h.cloudId);
        e.bkTopoNode = h.topoNodes;
    }
}
