package io.bkm.alarm.apm;

/** A topology node as one span of an application showed it, at its batch's time. */
public class NodeSighting {
    public String bkBizId;
    public String appName;
    public long seenAt;
    public TopoNode node;

    public NodeSighting() {}

    public NodeSighting(ApmApp app, long seenAt, TopoNode node) {
        this.bkBizId = app.bkBizId;
        this.appName = app.appName;
        this.seenAt = seenAt;
        this.node = node;
    }

    /** One node of one application. */
    public String stateKey() {
        return bkBizId + '\u0000' + appName + '\u0000' + node.topoKey;
    }
}
