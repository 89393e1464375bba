package io.bkm.alarm.apm;

/**
 * The host a service ran on (spec §3.3): its CMDB cloud and host id, or cloud -1 and no host id for
 * an IP the CMDB does not place in the application's business.
 */
public class HostInstance {
    public static final int UNKNOWN_CLOUD = -1;

    public int bkCloudId;
    public Long bkHostId;
    public String ip;
    public String topoNodeKey;

    public HostInstance() {}

    public HostInstance(int bkCloudId, Long bkHostId, String ip, String topoNodeKey) {
        this.bkCloudId = bkCloudId;
        this.bkHostId = bkHostId;
        this.ip = ip;
        this.topoNodeKey = topoNodeKey;
    }

    public String cacheKey() {
        return CacheKeys.join(
                Integer.toString(bkCloudId),
                bkHostId == null ? null : bkHostId.toString(),
                ip,
                topoNodeKey);
    }
}
