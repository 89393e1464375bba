package io.bkm.alarm.cmdb;

import io.bkm.alarm.model.Event;
import java.util.concurrent.CompletableFuture;

/**
 * Event enrichment by target type (behaviour spec §6.1), then the event's {@code dedupe_md5}: it is
 * computed after enrichment, as bk-monitor's builder does, so a rewritten target and a filled-in
 * business are part of it.
 */
public class EventEnrichFunction extends RetryingCmdbFunction<Event> {

    public EventEnrichFunction(CmdbClient.Factory clients, Settings settings) {
        super(clients, settings);
    }

    @Override
    protected CompletableFuture<Void> enrich(Event e) {
        return EventEnricher.enrich(e, resolver);
    }

    @Override
    protected void markUnavailable(Event e) {
        e.enrichmentFailure = UNAVAILABLE;
    }
}
