package io.bkm.alarm.cmdb;

import io.bkm.alarm.model.GseRecord;
import java.util.concurrent.CompletableFuture;

/** Resolves the host of each GSE record (behaviour spec §1.1.10 step 1). */
public class GseEnrichFunction extends RetryingCmdbFunction<GseRecord> {
    public GseEnrichFunction(CmdbClient.Factory clients, Settings settings) {
        super(clients, settings);
    }

    @Override
    protected CompletableFuture<Void> enrich(GseRecord record) {
        return resolver.resolve(record)
                .thenAccept(
                        res -> {
                            if (res.host() != null) {
                                record.hostInfo = res.host();
                            } else {
                                record.enrichmentFailure = res.dropReason();
                            }
                        });
    }

    @Override
    protected void markUnavailable(GseRecord record) {
        record.enrichmentFailure = UNAVAILABLE;
    }
}
