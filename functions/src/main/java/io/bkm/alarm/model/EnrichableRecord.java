package io.bkm.alarm.model;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * Where a record came from and whether enrichment stopped it: what every enriched record carries
 * for dead letters and drop counts, and never part of a written document.
 */
public abstract class EnrichableRecord implements Enrichable {
    /** Null when the record goes on; else a drop reason, or {@code cmdb_unavailable}. */
    @JsonIgnore public String enrichmentFailure;

    @JsonIgnore public String sourceTopic;
    @JsonIgnore public int sourcePartition;
    @JsonIgnore public long sourceOffset;

    @Override
    public String enrichmentFailure() {
        return enrichmentFailure;
    }

    @Override
    public String sourceTopic() {
        return sourceTopic;
    }

    @Override
    public int sourcePartition() {
        return sourcePartition;
    }

    @Override
    public long sourceOffset() {
        return sourceOffset;
    }

    @Override
    public void setSource(String topic, int partition, long offset) {
        sourceTopic = topic;
        sourcePartition = partition;
        sourceOffset = offset;
    }
}
