package io.bkm.alarm.model;

/** A record that CMDB enrichment may stop, and that can say where it came from. */
public interface Enrichable extends Sourced {
    /** Null when the record goes on; else a drop reason, or {@code cmdb_unavailable}. */
    String enrichmentFailure();

    String sourceTopic();

    int sourcePartition();

    long sourceOffset();

    /** Epoch seconds the source record was received. */
    long receivedAtSeconds();
}
