package io.bkm.alarm.model;

/** What the job needs of a CMDB host (behaviour spec §6.2 host JSON). */
public class HostInfo {
    public long hostId;
    public String ip;
    public String ipv6;
    public int cloudId;
    public String bizId;
    public String agentId;
    public String[] operators;
    public String[] bakOperators;

    /** {@code bk_state}: some states switch monitoring off. */
    public String state;

    /** Sorted unique {@code "obj|inst"} over every topo link of the host. */
    public String[] topoNodes;

    public HostInfo() {}
}
