package io.bkm.alarm.model;

/**
 * One GSE alarm after flattening, before host resolution (behaviour spec §1.1.1–§1.1.8): which host
 * it is about, when, the message, and the type's dimensions.
 */
public class GseRecord extends EnrichableRecord {
    /** {@code extra.type}: 2, 3, 6, 7, 8, 9, or 100 / 101 for custom string / process events. */
    public int type;

    /** bk-monitor's metric id for the type, e.g. {@code bk_monitor.disk-full-gse}. */
    public String metricId;

    /** Event time, epoch seconds UTC. */
    public long time;

    /** Epoch seconds of the Kafka record; the job's "now" for this record. */
    public long receivedAt;

    /** The IP the alarm is about (for ping: the unreachable target); may be empty. */
    public String host;

    public Integer cloudId;

    /** GSE's own business id, usually 0; the host's business replaces it on enrichment. */
    public Integer bizId;

    /** Agent id for agent-lost records: {@code cloud:ip} (1.x) or opaque (2.x). */
    public String agentId;

    /** Envelope {@code server}; for ping the pinging host. */
    public String server;

    public String message;

    /** Type dimensions that take part in dedupe, in {@code dimension_fields} order. */
    public Tag[] dimensions;

    /** Displayed but not deduplicated on (corefile path, OOM process). */
    public Tag[] additionalDimensions;

    /** Values only strategies' conditions look at (process {@code event_name}; OOM details). */
    public Tag[] filterDimensions;

    /** Set by enrichment: the host the record is about (for ping: the unreachable target). */
    public HostInfo hostInfo;

    public GseRecord() {}

    @Override
    public long receivedAtSeconds() {
        return receivedAt;
    }
}
