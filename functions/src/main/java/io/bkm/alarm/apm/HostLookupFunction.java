package io.bkm.alarm.apm;

import io.bkm.alarm.cmdb.CmdbClient;
import io.bkm.alarm.cmdb.RetryingCmdbFunction;
import io.bkm.alarm.model.HostInfo;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Places a service's IP in the CMDB as bk-monitor's host discovery does (spec §3.3): of the hosts
 * the host-ip index lists, only those of the application's business count, literally compared, and
 * the last of them wins; an IP with none is stored as unknown (cloud -1, no host id).
 */
public class HostLookupFunction extends RetryingCmdbFunction<HostProbe> {

    public HostLookupFunction(CmdbClient.Factory clients, Settings settings) {
        super(clients, settings);
    }

    @Override
    protected CompletableFuture<Void> enrich(HostProbe p) {
        return resolver.hostsByIp(p.ip).thenAccept(hosts -> p.host = place(p, hosts));
    }

    static HostInstance place(HostProbe p, List<HostInfo> hosts) {
        HostInfo found = null;
        for (HostInfo h : hosts) {
            if (p.bkBizId.equals(h.bizId)) {
                found = h;
            }
        }
        return found == null
                ? new HostInstance(HostInstance.UNKNOWN_CLOUD, null, p.ip, p.service)
                : new HostInstance(found.cloudId, found.hostId, p.ip, p.service);
    }

    @Override
    protected void markUnavailable(HostProbe p) {
        p.unavailable = true;
    }
}
