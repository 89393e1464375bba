package io.bkm.alarm.cmdb;

import com.fasterxml.jackson.databind.JsonNode;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.gse.GseTypes;
import io.bkm.alarm.model.GseRecord;
import io.bkm.alarm.model.HostInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * Finds the host of a record in the CMDB cache by bk-monitor's rules (behaviour spec §1.1.10 step
 * 1, §6.1), through a local cache. Futures fail only when the CMDB could not be asked.
 */
public final class HostResolver {
    public static final String UNKNOWN_HOST = "unknown_host";
    public static final String AMBIGUOUS_IP = "ambiguous_ip";
    public static final String MONITORING_DISABLED = "host_monitoring_disabled";
    public static final String PING_CROSS_BUSINESS = "ping_cross_business";

    /** HOST_DISABLE_MONITOR_STATES: spare, testing, faulty. */
    private static final Pattern INSTANCE_ID = Pattern.compile("\\d{1,18}");

    public static final Set<String> DISABLE_MONITOR_STATES = Set.of("备用机", "测试中", "故障中");

    /** A host, or why there is none. */
    public record Resolution(HostInfo host, String dropReason) {
        static Resolution of(HostInfo h) {
            return new Resolution(h, null);
        }

        static Resolution drop(String reason) {
            return new Resolution(null, reason);
        }
    }

    private final CmdbKeys keys;
    private final CmdbClient client;
    private final LocalCache cache;
    private final LongSupplier clock;

    /** Hosts parsed, by cache field; read and written on the task and client threads. */
    private final Map<String, ParsedHost> parsedHosts = new ConcurrentHashMap<>();

    /** Lookups under way, by cache key; completed on the client's threads. */
    private final Map<String, CompletableFuture<Optional<String>>> inFlight =
            new ConcurrentHashMap<>();

    public HostResolver(CmdbKeys keys, CmdbClient client, LocalCache cache, LongSupplier clock) {
        this.keys = keys;
        this.client = client;
        this.cache = cache;
        this.clock = clock;
    }

    /** The host of a GSE record; for ping, the target, after checking the pinger. */
    public CompletableFuture<Resolution> resolve(GseRecord r) {
        CompletableFuture<Resolution> host = hostOf(r);
        if (r.type != GseTypes.PING_UNREACHABLE) {
            return host.thenApply(HostResolver::checkState);
        }
        int cloud = r.cloudId == null ? 0 : r.cloudId;
        return host.thenCombine(
                byIpCloud(r.server == null ? "" : r.server, cloud),
                (target, pinger) -> {
                    if (target.host() == null) {
                        return target;
                    }
                    if (pinger.host() == null) {
                        return Resolution.drop(UNKNOWN_HOST);
                    }
                    // within one cloud area everything may ping everything; otherwise same business
                    if (cloud > 1 && !target.host().bizId.equals(pinger.host().bizId)) {
                        return Resolution.drop(PING_CROSS_BUSINESS);
                    }
                    return checkState(target);
                });
    }

    private CompletableFuture<Resolution> hostOf(GseRecord r) {
        String agent = r.agentId == null ? "" : r.agentId;
        if (agent.contains(":")) {
            String[] parts = agent.split(":", 2);
            return byIpCloud(parts[1], parseInt(parts[0]));
        }
        if (!agent.isEmpty()) {
            return byAgentId(agent);
        }
        return byIpCloud(r.host == null ? "" : r.host, r.cloudId == null ? 0 : r.cloudId);
    }

    private static Resolution checkState(Resolution r) {
        if (r.host() != null && DISABLE_MONITOR_STATES.contains(r.host().state)) {
            return Resolution.drop(MONITORING_DISABLED);
        }
        return r;
    }

    public CompletableFuture<Resolution> byIpCloud(String ip, int cloud) {
        if (ip.isEmpty()) {
            return CompletableFuture.completedFuture(Resolution.drop(UNKNOWN_HOST));
        }
        return host(ip + "|" + cloud);
    }

    public CompletableFuture<Resolution> byHostId(long hostId) {
        return host(Long.toString(hostId));
    }

    public CompletableFuture<Resolution> byAgentId(String agentId) {
        return get(keys.agentId(), agentId)
                .thenCompose(
                        id ->
                                id.isEmpty()
                                        ? CompletableFuture.completedFuture(
                                                Resolution.drop(UNKNOWN_HOST))
                                        : host(id.get().trim()));
    }

    /**
     * A bare IP through the host-ip index: one host is it; of several, the one in {@code bizId};
     * more than one candidate there is ambiguous.
     */
    public CompletableFuture<Resolution> byIp(String ip, String bizId) {
        return hostsByIp(ip)
                .thenApply(
                        found -> {
                            if (found.size() == 1) {
                                return Resolution.of(found.get(0));
                            }
                            List<HostInfo> inBiz =
                                    found.stream().filter(h -> h.bizId.equals(bizId)).toList();
                            if (inBiz.size() == 1) {
                                return Resolution.of(inBiz.get(0));
                            }
                            return Resolution.drop(found.isEmpty() ? UNKNOWN_HOST : AMBIGUOUS_IP);
                        });
    }

    /** Every cached host the host-ip index lists for {@code ip}, in its order. */
    public CompletableFuture<List<HostInfo>> hostsByIp(String ip) {
        return get(keys.hostIp(), ip)
                .thenCompose(
                        list -> {
                            if (list.isEmpty()) {
                                return CompletableFuture.completedFuture(List.of());
                            }
                            List<CompletableFuture<Resolution>> hosts = new ArrayList<>();
                            for (JsonNode n : readTree(list.get())) {
                                hosts.add(host(n.asText()));
                            }
                            return CompletableFuture.allOf(
                                            hosts.toArray(new CompletableFuture<?>[0]))
                                    .thenApply(
                                            v -> {
                                                List<HostInfo> found = new ArrayList<>();
                                                for (CompletableFuture<Resolution> f : hosts) {
                                                    if (f.join().host() != null) {
                                                        found.add(f.join().host());
                                                    }
                                                }
                                                return found;
                                            });
                        });
    }

    /**
     * A service instance by id; its address comes from its host when the cached instance lacks it.
     * Empty for an id that is not a number or not in the CMDB.
     */
    public CompletableFuture<Optional<ServiceInstance>> serviceInstance(String id) {
        if (!INSTANCE_ID.matcher(id).matches()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return get(keys.serviceInstance(), Long.toString(Long.parseLong(id)))
                .thenCompose(json -> withAddress(json.flatMap(HostResolver::instance)));
    }

    private CompletableFuture<Optional<ServiceInstance>> withAddress(Optional<ServiceInstance> si) {
        if (si.isEmpty() || si.get().ip() != null || si.get().hostId() == 0) {
            return CompletableFuture.completedFuture(si);
        }
        return byHostId(si.get().hostId())
                .thenApply(
                        r -> {
                            HostInfo h = r.host();
                            return h == null
                                    ? si
                                    : Optional.of(si.get().withHostAddress(h.ip, h.cloudId));
                        });
    }

    private static Optional<ServiceInstance> instance(String json) {
        try {
            return Optional.of(ServiceInstance.parse(json));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private CompletableFuture<Resolution> host(String field) {
        return get(keys.host(), field)
                .thenApply(
                        json -> {
                            if (json.isEmpty()) {
                                return Resolution.drop(UNKNOWN_HOST);
                            }
                            HostInfo h = parsed(field, json.get());
                            return h == null ? Resolution.drop(UNKNOWN_HOST) : Resolution.of(h);
                        });
    }

    /** A host as parsed from the cache's JSON, parsed again only when the JSON is another. */
    private HostInfo parsed(String field, String json) {
        ParsedHost p = parsedHosts.get(field);
        if (p != null && p.json() == json) {
            return p.host();
        }
        HostInfo h;
        try {
            h = HostJson.parse(json);
        } catch (IOException e) {
            return null;
        }
        if (parsedHosts.size() >= MAX_PARSED_HOSTS) {
            parsedHosts.clear();
        }
        parsedHosts.put(field, new ParsedHost(json, h));
        return h;
    }

    /** The local cache hands out the same JSON while it holds a host. */
    private record ParsedHost(String json, HostInfo host) {}

    private static final int MAX_PARSED_HOSTS = 100_000;

    private CompletableFuture<Optional<String>> get(String key, String field) {
        String cacheKey = key + "\u0000" + field;
        long now = clock.getAsLong();
        Optional<Optional<String>> cached = cache.get(cacheKey, now);
        if (cached.isPresent()) {
            return CompletableFuture.completedFuture(cached.get());
        }
        // One question per field at a time: the records of a host that arrive while it is being
        // looked up (a burst, or a cached answer that just expired) wait for that answer.
        CompletableFuture<Optional<String>> asked = inFlight.get(cacheKey);
        if (asked != null) {
            return asked;
        }
        CompletableFuture<Optional<String>> lookup =
                client.hget(key, field)
                        .thenApply(
                                v -> {
                                    cache.put(cacheKey, v, clock.getAsLong());
                                    return Optional.ofNullable(v);
                                });
        inFlight.put(cacheKey, lookup);
        lookup.whenComplete((v, e) -> inFlight.remove(cacheKey, lookup));
        return lookup;
    }

    private static JsonNode readTree(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
